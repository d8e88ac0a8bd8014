"""Recognise Vietnamese typed with legacy 8-bit fonts (TCVN3/ABC, VNI) and read it as Unicode."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

# The 12 Vietnamese vowels, and the tones in the order used by every table below:
# none, sắc (acute), huyền (grave), hỏi (hook above), ngã (tilde), nặng (dot below).
from bgindex.model.vn import TONE_MARKS as _TONE_MARKS
from bgindex.model.vn import VOWELS as _VOWELS

__all__ = ["TCVN3", "VNI", "detect_legacy", "detect_mojibake"]

TCVN3 = "TCVN3 (ABC)"
VNI = "VNI"

# TCVN3 (TCVN 5712:1993 VN3, fonts .VnTime/.VnArial): one code per lowercase letter, one row per
# vowel of _VOWELS, six codes per row in tone order. "\xad" (soft hyphen) is "ư". Toned capitals do
# not exist: capitals-only fonts (.VnTimeH) draw these same codes as capitals.
_TCVN3_VOWELS = (
    "a¸µ¶·¹",
    "¨¾»¼½Æ",
    "©ÊÇÈÉË",
    "eÐÌÎÏÑ",
    "ªÕÒÓÔÖ",
    "iÝ×ØÜÞ",
    "oãßáâä",
    "«èåæçé",
    "¬íêëìî",
    "uóïñòô",
    "\xadøõö÷ù",
    "yýúûüþ",
)
# The other codes: đ and the seven untoned capitals the encoding has.
_TCVN3_OTHERS = {"®": "đ", "§": "Đ", "¡": "Ă", "¢": "Â", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư"}

# VNI (VNI-Windows fonts, VNI-Times ...): an ASCII base letter followed by a marker character;
# same row/column layout as _TCVN3_VOWELS. i and ỵ are single characters, "ô"/"ö" are the bases
# ơ/ư. Capitals are the same sequences upper-cased ("AÙ" = Á, "Ö" = Ư, "Ñ" = Đ).
_VNI_VOWELS = (
    "a aù aø aû aõ aï",
    "aê aé aè aú aü aë",
    "aâ aá aà aå aã aä",
    "e eù eø eû eõ eï",
    "eâ eá eà eå eã eä",
    "i í ì æ ó ò",
    "o où oø oû oõ oï",
    "oâ oá oà oå oã oä",
    "ô ôù ôø ôû ôõ ôï",
    "u uù uø uû uõ uï",
    "ö öù öø öû öõ öï",
    "y yù yø yû yõ î",
)
_VNI_OTHERS = {"ñ": "đ", "Ñ": "Đ", "yï": "ỵ", "YÏ": "Ỵ"}  # "yï": ỵ as some converters write it

# VNI base+marker pairs that also make a well-formed syllable out of a European word (Spanish
# "aún" reads "ẳn", French "où" reads "ó"): on their own they are no evidence of VNI.
_VNI_EUROPEAN = {"aú", "où"}
_VNI_EUROPEAN_AT_END = {"aï"}  # French thaï, taï

# Vietnamese syllables: initial consonants and rhymes (without tone).
_INITIALS = (
    "",
    "b",
    "c",
    "ch",
    "d",
    "đ",
    "g",
    "gh",
    "gi",
    "h",
    "k",
    "kh",
    "l",
    "m",
    "n",
    "ng",
    "ngh",
    "nh",
    "p",
    "ph",
    "qu",
    "r",
    "s",
    "t",
    "th",
    "tr",
    "v",
    "x",
)
_RHYMES = """
a ac ach ai am an ang anh ao ap at au ay ăc ăk ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
e ec em en eng eo ep et ê êch êm ên êng ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
y ych yn ynh yp yt yêm yên yêng yêt yêu
o oc oi om on ong op ot ooc oong oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt oe oem oen oeo oet
ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut uân uâng uât uây uê uêch uênh uôc uôi uôm uôn uông uôt uơ
uy uya uych uyn uynh uyp uyt uyu uyên uyêt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
""".split()
_STOP_FINALS = ("c", "ch", "p", "t", "k")  # syllables ending so take only sắc or nặng
_G_I_RHYMES = {"i", "ich", "im", "in", "inh", "ip", "it", "iu"}  # gì, gìn ... (g + i)


def _toned(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + _TONE_MARKS[tone])


def _build_tables() -> tuple[dict[int, str], dict[str, str]]:
    tcvn3: dict[int, str] = {ord(code): uni for code, uni in _TCVN3_OTHERS.items()}
    vni: dict[str, str] = dict(_VNI_OTHERS)
    for vowel, tcvn_row, vni_row in zip(_VOWELS, _TCVN3_VOWELS, _VNI_VOWELS, strict=True):
        for tone, (tcvn_code, vni_seq) in enumerate(zip(tcvn_row, vni_row.split(), strict=True)):
            uni = _toned(vowel, tone)
            if tcvn_code != vowel:
                tcvn3[ord(tcvn_code)] = uni
            if vni_seq.isascii():
                continue
            upper_seq, upper_uni = vni_seq.upper(), uni.upper()
            vni[vni_seq] = uni
            vni[upper_seq] = upper_uni
            if len(vni_seq) == 2:  # tolerate a marker typed in the other case than its base
                vni.setdefault(upper_seq[0] + vni_seq[1], upper_uni)
                vni.setdefault(vni_seq[0] + upper_seq[1], uni)
    return tcvn3, vni


_TCVN3_MAP, _VNI_MAP = _build_tables()
_TCVN3_CODES = frozenset(chr(code) for code in _TCVN3_MAP)
# Codes that are symbols in other text, and þ, æ (as in "Tæng"): one word holding such a code is
# enough evidence of TCVN3. "·" is left out: it joins units (N·m, kW·h).
_TCVN3_TELLTALE = frozenset(
    c for c in _TCVN3_CODES if not unicodedata.category(c).startswith("L") and c != "·"
) | frozenset("ªµþÞæÆ")
_VNI_MARKERS = frozenset(seq[1] for seq in _VNI_MAP if len(seq) == 2)
_VNI_SINGLES = frozenset(seq for seq in _VNI_MAP if len(seq) == 1)
_VNI_TELLTALE = frozenset(s for s in _VNI_MAP if len(s) == 2 and s.lower() not in _VNI_EUROPEAN)
_LATIN1_LETTERS = frozenset(c for c in map(chr, range(0xC0, 0x100)) if c.isalpha())
_TCVN3_ORPHANS = _LATIN1_LETTERS - _TCVN3_CODES  # À, Á, à, ð ... have no TCVN3 meaning


def _char_class(chars: frozenset[str] | set[str]) -> str:
    return "".join(sorted(re.escape(c) for c in chars))


_LEGACY_CHARS = _TCVN3_CODES | _VNI_MARKERS | _VNI_SINGLES
_LEGACY_RE = re.compile(f"[{_char_class(_LEGACY_CHARS)}]")
# A "word": letters of any Latin script, combining marks and every legacy code (some are symbols).
_TOKEN_RE = re.compile(f"(?:[A-Za-z\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]|[{_char_class(_LEGACY_CHARS)}])+")
_VNI_RE = re.compile(
    "|".join(sorted((re.escape(s) for s in _VNI_MAP if len(s) == 2), key=len, reverse=True))
    + f"|[{_char_class(_VNI_SINGLES | _VNI_MARKERS)}]"
)
# A Latin-1 capital inside a word ("tÕt", "CËp"): TCVN3 small letters, not European spelling.
_INNER_CAPITAL_RE = re.compile(
    "[a-z\u00df-\u00ff][\u00c0-\u00de]|[A-Za-z\u00c0-\u00ff][\u00c0-\u00de][a-z\u00df-\u00ff]"
)
_MICRO_UNIT_RE = re.compile("\u00b5[A-Za-z]{1,4}")  # µm, µg, µS, µmol: units, not "à"


def _tone_slots(rhyme: str) -> tuple[int, ...]:
    """Positions in `rhyme` where the tone mark may sit (old and new placement both allowed)."""
    size = len(rhyme) - len(rhyme.lstrip(_VOWELS))
    nucleus, final = rhyme[:size], rhyme[size:]
    marked = [i for i, c in enumerate(nucleus) if c in "ăâêôơư"]
    if marked:
        return (marked[-1],)
    if size == 1:
        return (0,)
    if size == 3 or final:
        return (1,)
    return (0, 1) if nucleus in ("oa", "oe", "uy") else (0,)


def _allowed(initial: str, rhyme: str) -> bool:
    first = rhyme[0]
    front = first in "eêiy"
    if first == "y" and rhyme != "y":  # yên, yêu; quy-, quyên
        return initial == "qu" or (initial == "" and rhyme.startswith("yê"))
    if initial in ("gh", "ngh"):  # k is let through: Bắc Kạn, Hồng Kông
        return front
    if initial in ("c", "ng") and front:
        return False
    if initial == "g":
        return first not in "eêy" and (first != "i" or rhyme in _G_I_RHYMES)
    if initial == "gi" and first in "iy":
        return False
    if initial == "qu" and first in "ouư":
        return False
    if rhyme.startswith("iê"):
        return initial != ""
    return True


@cache
def _syllables() -> frozenset[str]:
    """Every well-formed lowercase Vietnamese syllable (NFC), with its tone on an allowed vowel."""
    toned = {(v, t): _toned(v, t) for v in _VOWELS for t in range(6)}
    found: set[str] = set()
    for rhyme in _RHYMES:
        slots = _tone_slots(rhyme)
        stop = rhyme.endswith(_STOP_FINALS)
        for initial in _INITIALS:
            if not _allowed(initial, rhyme):
                continue
            base = initial + rhyme
            if not stop:
                found.add(base)
            tones = (1, 5) if stop else (1, 2) if rhyme.startswith("oo") else range(1, 6)
            for tone in tones:
                for slot in slots:
                    pos = len(initial) + slot
                    found.add(base[:pos] + toned[base[pos], tone] + base[pos + 1 :])
    found.add("đ")  # "đồng" abbreviated after amounts
    return frozenset(found)


@cache
def _unicode_words() -> frozenset[str]:
    """The syllables as Unicode text writes them: lower, UPPER or Title case ("tÊn" is none)."""
    lower = _syllables()
    return lower | {s.upper() for s in lower} | {s.title() for s in lower}


def _is_syllable(word: str, syllables: frozenset[str]) -> bool:
    """Is `word` one Vietnamese syllable, in any letter case?"""
    return word.lower() in syllables


# A converter returns (unicode_word, codes_read, orphans, telltale): orphans are codes that mean
# nothing in that encoding; telltale is set when the word holds a code only that encoding explains.
_Converted = tuple[str, int, int, bool]


def _from_tcvn3(token: str) -> _Converted:
    if _MICRO_UNIT_RE.fullmatch(token):
        return token, 0, 0, False
    read = sum(c in _TCVN3_CODES for c in token)
    orphans = sum(c in _TCVN3_ORPHANS for c in token)
    clue = any(c in _TCVN3_TELLTALE for c in token) or bool(_INNER_CAPITAL_RE.search(token))
    text = token.translate(_TCVN3_MAP)
    upper = sum(c.isupper() for c in token if c.isascii())
    if upper >= 2 and not any(c.islower() for c in token if c.isascii()):
        text = text.upper()  # "NGUYªN" written with a capitals font: NGUYÊN
    return text, read, orphans, clue


def _from_vni(token: str) -> _Converted:
    parts: list[str] = []
    pos = read = orphans = 0
    clue = False
    for match in _VNI_RE.finditer(token):
        seq = match.group()
        parts.append(token[pos : match.start()])
        uni = _VNI_MAP.get(seq)  # None for a marker with no base before it
        if uni is None:
            orphans += 1
            parts.append(seq)
        else:
            read += 1
            at_end = match.end() == len(token)
            if seq in _VNI_TELLTALE and not (at_end and seq.lower() in _VNI_EUROPEAN_AT_END):
                clue = True
            parts.append(uni)
        pos = match.end()
    parts.append(token[pos:])
    return "".join(parts), read, orphans, clue


_CONVERTERS: tuple[tuple[str, Callable[[str], _Converted]], ...] = (
    (TCVN3, _from_tcvn3),
    (VNI, _from_vni),
)


def _assess(tokens: list[str], convert: Callable[[str], _Converted]) -> tuple[int, int] | None:
    """(score, telltale words) of reading `tokens` in one encoding, or None when that reading is
    not convincing."""
    syllables, words = _syllables(), _unicode_words()
    fixed = kept = bad = telltale = 0
    three_letters = four_letters = False  # some word read as a 3- / 4-letter syllable
    for token in tokens:
        if token.isascii():
            continue
        text, read, orphans, clue = convert(token)
        if not orphans and (not read or text == token):
            continue  # nothing to read in this word
        if orphans or not _is_syllable(text, syllables):
            bad += 1
        elif token in words:
            kept += 1  # valid either way ("cã" = "có"): counts for coverage, not as proof
        else:
            fixed += 1
            three_letters = three_letters or len(text) >= 3
            four_letters = four_letters or len(text) >= 4
            if len(text) >= 2 and clue:
                telltale += 1
    good = fixed + kept
    if not fixed or bad > good // 8 or good * 6 < len(tokens):
        return None
    # Without a telltale code or a long word, one or two short words (mãe, på lø, chá) prove
    # nothing.
    if not (telltale or four_letters) and (good < 2 or not three_letters):
        return None
    return 2 * fixed - 3 * bad, telltale


def detect_legacy(text: str) -> tuple[str, str] | None:
    """If `text` looks like Vietnamese typed with a legacy font encoding, return
    (encoding_name, unicode_text) where encoding_name is "TCVN3 (ABC)" or "VNI" and
    unicode_text is the most likely Unicode (NFC) reading; otherwise None."""
    if text.isascii() or _LEGACY_RE.search(text) is None:
        return None
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    tokens = _TOKEN_RE.findall(text)
    words = _unicode_words()
    if all(t.isascii() for t in set(tokens).difference(words)):
        return None  # plain ASCII words and valid Unicode Vietnamese
    if sum(map(len, tokens)) < 2:
        return None
    best: tuple[tuple[int, int], str, Callable[[str], _Converted]] | None = None
    for name, convert in _CONVERTERS:  # on a tie the first (TCVN3, far more common) wins
        score = _assess(tokens, convert)
        if score is not None and (best is None or score > best[0]):
            best = (score, name, convert)
    if best is None:
        return None
    _, name, convert = best
    syllables = _syllables()

    def reading(match: re.Match[str]) -> str:
        token = match.group()
        converted, _, orphans, _ = convert(token)
        if (orphans or not _is_syllable(converted, syllables)) and token in words:
            return token  # a Unicode word inside legacy text
        return converted

    return name, unicodedata.normalize("NFC", _TOKEN_RE.sub(reading, text))


# UTF-8 text shown through a program that took its bytes for Windows-1252 or -1258: "Tăng" becomes
# "TÄƒng", "với" "vá»›i". Every such run starts with one of these lead sequences.
_MOJIBAKE_CODEPAGES = (("cp1252", "Windows-1252"), ("cp1258", "Windows-1258"))
_MOJIBAKE_TELLTALE = re.compile("Ã|Ä|Å|Æ|Ă|á»|áº|Ạ|Ć|Ğ")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_VIETNAMESE_ONLY = re.compile("[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")


def _as_bytes(run: str, codepage: str) -> bytes | None:
    """The bytes a codepage shows as `run`; bytes it leaves undefined (0x81, 0x8D, 0x90 ...) come
    through as the C1 character of the same number, as Windows passes them on."""
    out = bytearray()
    for c in run:
        try:
            out += c.encode(codepage)
        except UnicodeEncodeError:
            if ord(c) > 0xFF:
                return None
            out.append(ord(c))
    return bytes(out)


def _redecode(text: str, codepage: str) -> str | None:
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        raw = _as_bytes(match.group(), codepage)
        if raw is None:
            return match.group()
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        changed = True
        return fixed

    result = _NON_ASCII_RUN.sub(fix, text)
    return unicodedata.normalize("NFC", result) if changed else None


def detect_mojibake(text: str) -> tuple[str, str] | None:
    """If `text` is Vietnamese UTF-8 read as Windows-1252/-1258, return (what happened, the text
    as written); only when the reading is clearly Vietnamese: every accented word a syllable."""
    if text.isascii() or _MOJIBAKE_TELLTALE.search(text) is None:
        return None
    syllables = _syllables()
    for codepage, name in _MOJIBAKE_CODEPAGES:
        fixed = _redecode(text, codepage)
        if fixed is None or not _VIETNAMESE_ONLY.search(fixed):
            continue
        words = [w for w in _TOKEN_RE.findall(fixed) if not w.isascii()]
        if words and all(_is_syllable(w, syllables) for w in words):
            return f"UTF-8 bị đọc theo bảng mã {name}", fixed
    return None
