"""Tests for bgindex.reading.legacy: TCVN3/VNI text is recognised and read back, Unicode text never is."""

from __future__ import annotations

import random
import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bgindex.reading.legacy import detect_legacy

TCVN3 = "TCVN3 (ABC)"
VNI = "VNI"

# --- an encoder written for the tests, independently of the module's tables -------------------
# Unicode letter -> TCVN3 code, grouped by vowel in the order  huyền sắc hỏi ngã nặng.
_TCVN3_PAIRS = """
à µ  á ¸  ả ¶  ã ·  ạ ¹    ă ¨  ằ »  ắ ¾  ẳ ¼  ẵ ½  ặ Æ    â ©  ầ Ç  ấ Ê  ẩ È  ẫ É  ậ Ë
è Ì  é Ð  ẻ Î  ẽ Ï  ẹ Ñ    ê ª  ề Ò  ế Õ  ể Ó  ễ Ô  ệ Ö
ì ×  í Ý  ỉ Ø  ĩ Ü  ị Þ
ò ß  ó ã  ỏ á  õ â  ọ ä    ô «  ồ å  ố è  ổ æ  ỗ ç  ộ é    ơ ¬  ờ ê  ớ í  ở ë  ỡ ì  ợ î
ù ï  ú ó  ủ ñ  ũ ò  ụ ô    ư \xad  ừ õ  ứ ø  ử ö  ữ ÷  ự ù
ỳ ú  ý ý  ỷ û  ỹ ü  ỵ þ
đ ®  Đ §  Ă ¡  Â ¢  Ê £  Ô ¤  Ơ ¥  Ư ¦
"""
# Unicode letter -> VNI sequence (lowercase; capitals are the same sequences upper-cased).
_VNI_PAIRS = """
à aø  á aù  ả aû  ã aõ  ạ aï    ă aê  ằ aè  ắ aé  ẳ aú  ẵ aü  ặ aë
â aâ  ầ aà  ấ aá  ẩ aå  ẫ aã  ậ aä
è eø  é eù  ẻ eû  ẽ eõ  ẹ eï    ê eâ  ề eà  ế eá  ể eå  ễ eã  ệ eä
ì ì  í í  ỉ æ  ĩ ó  ị ò
ò oø  ó où  ỏ oû  õ oõ  ọ oï    ô oâ  ồ oà  ố oá  ổ oå  ỗ oã  ộ oä
ơ ô  ờ ôø  ớ ôù  ở ôû  ỡ ôõ  ợ ôï
ù uø  ú uù  ủ uû  ũ uõ  ụ uï    ư ö  ừ öø  ứ öù  ử öû  ữ öõ  ự öï
ỳ yø  ý yù  ỷ yû  ỹ yõ  ỵ î
đ ñ
"""


def _pairs(text: str) -> dict[str, str]:
    items = text.split()
    return dict(zip(items[::2], items[1::2], strict=True))


TO_TCVN3 = _pairs(_TCVN3_PAIRS)
TO_VNI = _pairs(_VNI_PAIRS)
TO_VNI.update({k.upper(): v.upper() for k, v in list(TO_VNI.items())})


def encode(text: str, table: dict[str, str]) -> str:
    """Unicode (NFC) -> legacy; KeyError for a letter the encoding cannot write."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            out.append(char)
        else:
            out.append(table[char])
    return "".join(out)


def test_encoder_tables_are_complete() -> None:
    lower = [c for c in map(chr, range(0xC0, 0x1EFA)) if _is_vietnamese_letter(c)]
    lower = [c for c in lower if c.islower()]
    assert len(lower) == 67
    assert all(c in TO_TCVN3 for c in lower)
    assert all(c in TO_VNI and c.upper() in TO_VNI for c in lower)
    assert len(set(TO_TCVN3.values())) == len(TO_TCVN3)
    assert len(set(TO_VNI.values())) == len(TO_VNI)


def _is_vietnamese_letter(char: str) -> bool:
    base = unicodedata.normalize("NFD", char)
    if char in "đĐ":
        return True
    if len(base) < 2 or base[0].lower() not in "aeiouy":
        return False
    marks = set(base[1:])
    allowed = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323", "\u0302", "\u0306", "\u031b"}
    if not marks <= allowed:
        return False
    shape = marks & {"\u0302", "\u0306", "\u031b"}
    vowel = base[0].lower()
    if "\u0306" in shape and vowel != "a":
        return False
    if "\u031b" in shape and vowel not in "ou":
        return False
    if "\u0302" in shape and vowel not in "aeo":
        return False
    return len(shape) <= 1 and len(marks - shape) <= 1


# --- real phrases from a provincial environment report -----------------------------------------
PHRASES = [
    "Sở Tài nguyên và Môi trường tỉnh Bắc Giang",
    "Nguyên nhân tăng do đầu tư thêm trạm xử lý nước thải tập trung",
    "Lượng chất thải rắn sinh hoạt được thu gom và xử lý đúng quy định",
    "Tỷ lệ khu công nghiệp có hệ thống xử lý nước thải đạt chuẩn",
    "Diện tích đất trồng rừng mới giảm do chuyển đổi mục đích sử dụng",
    "Số cơ sở gây ô nhiễm môi trường nghiêm trọng đã được xử lý triệt để",
    "Ban Quản lý các khu công nghiệp tỉnh",
    "Công ty cổ phần nước sạch Bắc Giang",
    "Tăng cường công tác thanh tra, kiểm tra việc chấp hành pháp luật về bảo vệ môi trường",
    "Giảm do một số cơ sở đã ngừng hoạt động",
    "Đầu tư xây dựng hệ thống quan trắc tự động, liên tục",
    "Tuyên truyền, nâng cao nhận thức của người dân về phân loại rác tại nguồn",
    "Chi cục Bảo vệ môi trường",
    "Trung tâm Quan trắc tài nguyên và môi trường",
    "Phòng Tài nguyên và Môi trường các huyện, thành phố",
    "Số liệu năm trước chưa đầy đủ, năm nay đã rà soát lại",
    "Diện tích rừng bị cháy, chặt phá trái phép giảm mạnh",
    "Đã hoàn thành việc cấp giấy phép môi trường cho 12 doanh nghiệp",
    "Tỷ lệ chất thải nguy hại được thu gom, vận chuyển và xử lý: 95%",
    "Ô nhiễm không khí do đốt rơm rạ sau thu hoạch",
    "Nước mặt sông Thương, sông Cầu và sông Lục Nam",
    "Kinh phí sự nghiệp môi trường được bố trí đủ theo dự toán",
    "Tổng số",
]
# Capitals with a tone exist only in VNI.
VNI_ONLY_PHRASES = [
    "Ủy ban nhân dân huyện Lục Ngạn",
    "Ứng phó với biến đổi khí hậu",
    "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
    "ĐẦU TƯ XÂY DỰNG KHU XỬ LÝ CHẤT THẢI RẮN",
    "Ước tính lượng nước thải phát sinh",
]


def test_phrases_cover_all_tones_and_letters() -> None:
    decomposed = unicodedata.normalize("NFD", " ".join(PHRASES).lower())
    tone_marks = "\u0301\u0300\u0309\u0303\u0323"  # sắc huyền hỏi ngã nặng
    assert all(mark in decomposed for mark in tone_marks)
    assert "tăng" in " ".join(PHRASES).split()  # ngang (no tone mark)
    untoned = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tone_marks))
    assert all(letter in untoned for letter in "ăâêôơưđ")


@pytest.mark.parametrize("phrase", PHRASES)
def test_tcvn3_round_trip(phrase: str) -> None:
    legacy = encode(phrase, TO_TCVN3)
    assert legacy != phrase
    assert detect_legacy(legacy) == (TCVN3, phrase)


@pytest.mark.parametrize("phrase", PHRASES + VNI_ONLY_PHRASES)
def test_vni_round_trip(phrase: str) -> None:
    legacy = encode(phrase, TO_VNI)
    assert legacy != phrase
    assert detect_legacy(legacy) == (VNI, phrase)


def test_examples_from_the_brief() -> None:
    assert detect_legacy("Nguyªn nh©n t¨ng") == (TCVN3, "Nguyên nhân tăng")
    assert detect_legacy("Nguyeân nhaân taêng") == (VNI, "Nguyên nhân tăng")
    assert detect_legacy("Vieät Nam") == (VNI, "Việt Nam")
    assert detect_legacy("Baéc Giang") == (VNI, "Bắc Giang")
    assert detect_legacy("Sôû Taøi nguyeân vaø Moâi tröôøng") == (VNI, "Sở Tài nguyên và Môi trường")


def test_tcvn3_codes_written_by_hand() -> None:
    # "§" (0xA7) is the capital Đ, "®" (0xAE) the small đ, "\xad" (soft hyphen) is ư.
    assert detect_legacy("§Çu t\xad x©y dùng") == (TCVN3, "Đầu tư xây dựng")
    assert detect_legacy("®Çu t\xad x©y dùng") == (TCVN3, "đầu tư xây dựng")
    assert detect_legacy("UBND tØnh B¾c Giang") == (TCVN3, "UBND tỉnh Bắc Giang")
    assert detect_legacy("TiÕp tôc thùc hiÖn") == (TCVN3, "Tiếp tục thực hiện")
    assert detect_legacy("Tæng") == (TCVN3, "Tổng")
    # .VnTimeH-style capitals: the lowercase codes inside an upper-case word
    assert detect_legacy("NGUYªN NH©N T¡NG") == (TCVN3, "NGUYÊN NHÂN TĂNG")


@pytest.mark.parametrize("vowel", list("aăâeêioôơuưy"))
@pytest.mark.parametrize("tone", ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"])
def test_every_letter(vowel: str, tone: str) -> None:
    letter = unicodedata.normalize("NFC", vowel + tone)
    word = f"l{letter}" if vowel == "y" else f"t{letter}n"
    phrase = f"Số liệu {word} của đơn vị"
    assert detect_legacy(encode(phrase, TO_TCVN3)) == (TCVN3, phrase)
    assert detect_legacy(encode(phrase, TO_VNI)) == (VNI, phrase)
    upper = phrase.upper()
    assert detect_legacy(encode(upper, TO_VNI)) == (VNI, upper)
    title = f"Số liệu {word.capitalize()} của đơn vị"
    assert detect_legacy(encode(title, TO_VNI)) == (VNI, title)


def test_examples_from_public_converters() -> None:
    # Pairs published with open-source Vietnamese converters (duydev/vietnamese-conversion README,
    # a TCVN3 -> Unicode helper for Lào Cai place names).
    assert detect_legacy("Xin chaøo caùc baïn") == (VNI, "Xin chào các bạn")
    assert detect_legacy("B¶o Th¾ng") == (TCVN3, "Bảo Thắng")
    assert detect_legacy("M\xadêng Kh\xad¬ng") == (TCVN3, "Mường Khương")
    assert detect_legacy("B¸t X¸t") == (TCVN3, "Bát Xát")


def test_vni_marker_case() -> None:
    assert detect_legacy("Aùnh saùng maët trôøi") == (VNI, "Ánh sáng mặt trời")
    assert detect_legacy("AÙnh Saùng") == (VNI, "Ánh Sáng")
    assert detect_legacy("AÙNH SAÙNG MAËT TRÔØI") == (VNI, "ÁNH SÁNG MẶT TRỜI")


def test_numbers_units_and_lines_in_legacy_text() -> None:
    assert detect_legacy("Sè liÖu n¨m 2023 (tÊn/n¨m)") == (TCVN3, "Số liệu năm 2023 (tấn/năm)")
    assert detect_legacy("C«ng suÊt 500 m3/ngµy.®ªm") == (TCVN3, "Công suất 500 m3/ngày.đêm")
    assert detect_legacy("Coâng suaát 500 m3/ngaøy.ñeâm") == (VNI, "Công suất 500 m3/ngày.đêm")
    assert detect_legacy("ChØ tiªu\n§¬n vÞ tÝnh") == (TCVN3, "Chỉ tiêu\nĐơn vị tính")
    assert detect_legacy("Ñôn vò tính: taán") == (VNI, "Đơn vị tính: tấn")


def test_result_is_nfc() -> None:
    for phrase in PHRASES:
        for table in (TO_TCVN3, TO_VNI):
            result = detect_legacy(encode(phrase, table))
            assert result is not None
            assert unicodedata.is_normalized("NFC", result[1])


def test_ambiguous_text_is_left_alone() -> None:
    # "Ghi chó" is TCVN3 for "Ghi chú", but also well-formed Unicode Vietnamese: no guess.
    assert detect_legacy("Ghi chó") is None


def test_tcvn3_untoned_capitals() -> None:
    phrase = "Đơn vị Ăn Âm Êm Ôn Ơn Ưng"
    assert detect_legacy(encode(phrase, TO_TCVN3)) == (TCVN3, phrase)


# --- texts that must never be taken for legacy encodings ---------------------------------------
UNICODE_TEXTS = [
    "Nguyên nhân tăng do đầu tư thêm trạm xử lý",
    "Sở Tài nguyên và Môi trường",
    "Đã xử lý 95% lượng nước thải",
    "Ủy ban nhân dân tỉnh Bắc Giang",
    "TỔNG SỐ CƠ SỞ GÂY Ô NHIỄM",
    "Nhiệt độ trung bình 25°C, bụi PM2.5 đạt 45 µg/m³",
    "Kích thước 20×30 cm; diện tích 1.234,5 m²",
    "Công ty TNHH Nestlé Việt Nam",
    "Tỉnh Đắk Lắk",
    "Ghi chú",
    "Ðồng Nai",
]
OTHER_TEXTS = [
    "",
    " ",
    "Total waste collected",
    "12345",
    "1.234,56",
    "nguyen.van.a@tnmt.bacgiang.gov.vn",
    "QD-123.pdf",
    "café",
    "Müller",
    "naïve",
    "São Paulo",
    "ñandú",
    "©",
    "°C",
    "25°C",
    "± 5%",
    "2,5 µm",
    "µS/cm",
    "§ 3",
    "½",
    "Crème brûlée",
    "Straße",
    "Zürich",
    "Bogotá",
    "mãe",
    "aún no",
    "Citroën",
    "Ångström",
    "«Bonjour»",
    "où",
    "ë",
    "kW·h",
    "N·m",
    "Sá»Ÿ TÃ i nguyÃªn vÃ  MÃ´i trÆ°á»ng",  # UTF-8 read as cp1252: not a font encoding
]


@pytest.mark.parametrize("text", UNICODE_TEXTS + OTHER_TEXTS)
def test_not_legacy(text: str) -> None:
    assert detect_legacy(text) is None


@pytest.mark.parametrize("text", UNICODE_TEXTS)
def test_not_legacy_nfd(text: str) -> None:
    assert detect_legacy(unicodedata.normalize("NFD", text)) is None


def test_random_ascii_is_not_legacy() -> None:
    rng = random.Random(1234)
    alphabet = string.printable
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        assert detect_legacy(text) is None


SYLLABLES = """
và của có không người được một những trong này cho các là với đã để theo về tỉnh huyện xã
môi trường tài nguyên nước thải chất rắn khí bụi tiếng ồn đất rừng sông hồ suối ao
thu gom xử lý vận chuyển chôn lấp đốt tái chế phân loại nguồn sinh hoạt công nghiệp
nông nghiệp y tế làng nghề khu cụm cơ sở doanh nghiệp hộ gia đình tổ chức cá nhân
tăng giảm do nguyên nhân đầu tư xây dựng trạm nhà máy hệ thống quan trắc tự động
diện tích tỷ lệ phần trăm số lượng khối tấn ngày năm tháng quý kế hoạch thực hiện
kiểm tra thanh tra xử phạt vi phạm giấy phép đánh giá tác động báo cáo kết quả
bảo vệ đa dạng sinh học biến đổi khí hậu ứng phó thiên tai lũ lụt hạn hán sạt lở
ủy ban nhân dân sở phòng ban chi cục trung tâm đơn vị cán bộ viên chức lãnh đạo
tuyên truyền nâng cao nhận thức cộng đồng hưởng ứng chiến dịch làm sạch
quyết định nghị định thông tư luật văn bản hướng dẫn quy chuẩn tiêu chuẩn kỹ thuật
Bắc Giang Lục Ngạn Yên Thế Sơn Động Hiệp Hòa Việt Yên Tân Yên Lạng Giang
hoà hoá khoẻ thuỷ thủy quý gì giữa giếng quyết khuya khuỷu ngoặc nghiêng người ươm rượu
"""
SYLLABLE_LIST = SYLLABLES.split()


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(SYLLABLE_LIST), min_size=1, max_size=30),
    seps=st.lists(
        st.sampled_from([" ", " ", " ", ", ", ". ", " - ", "\n", " (", ") ", ": "]), min_size=30, max_size=30
    ),
    case=st.sampled_from(["keep", "upper", "title", "lower"]),
    form=st.sampled_from(["NFC", "NFD"]),
    numbers=st.lists(st.integers(0, 10**6), max_size=3),
)
def test_unicode_vietnamese_is_never_legacy(
    words: list[str], seps: list[str], case: str, form: str, numbers: list[int]
) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False)).strip()
    text += "".join(f" {n}" for n in numbers)
    if case == "upper":
        text = text.upper()
    elif case == "title":
        text = text.title()
    elif case == "lower":
        text = text.lower()
    assert detect_legacy(unicodedata.normalize(form, text)) is None


def test_fast_path_texts_are_not_legacy() -> None:
    ascii_text = ("Total amount of domestic solid waste collected and treated in 2023, tonnes. " * 3)[:200]
    vietnamese = (
        "Nguyên nhân tăng do đầu tư thêm trạm xử lý nước thải tập trung, tỷ lệ thu gom đạt 95% kế hoạch. " * 3
    )[:200]
    for text in (ascii_text, vietnamese):
        assert len(text) == 200
        assert detect_legacy(text) is None, text[:20]
