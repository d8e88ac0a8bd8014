"""Shell completion (Tab) through typer's own completion scripts, with Vietnamese options and messages."""

from __future__ import annotations

import os
from typing import Any

import typer

from bgindex.cli.terminal import echo

COMPLETE_VAR = "_BGINDEX_COMPLETE"


def ready() -> None:
    """Register typer's shell classes when a shell asks for completions (only then: it costs an import)."""
    if os.environ.get(COMPLETE_VAR):
        from typer.completion import completion_init

        completion_init()


def install(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from typer.completion import completion_init
    from typer.completion import install as install_script

    completion_init()
    shell, path = install_script(prog_name="bgindex", complete_var=COMPLETE_VAR)
    echo(f"Đã cài gợi ý lệnh (phím Tab) cho {shell} vào {path}; mở cửa sổ dòng lệnh mới để dùng.")
    raise typer.Exit(0)


def show(ctx: typer.Context, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from typer.completion import _get_shell_name, completion_init, get_completion_script

    completion_init()
    shell = _get_shell_name() or "bash"
    echo(get_completion_script(prog_name="bgindex", complete_var=COMPLETE_VAR, shell=shell))
    raise typer.Exit(0)


def _eager(flag: str, help_text: str, callback: Any) -> Any:
    """A root option that acts at once and then ends the run, as --help does."""
    return typer.Option(False, flag, help=help_text, callback=callback, is_eager=True, expose_value=False)


InstallOpt = _eager(
    "--install-completion",
    "Cài gợi ý lệnh và tùy chọn bằng phím Tab cho cửa sổ dòng lệnh đang dùng.",
    install,
)
ShowOpt = _eager("--show-completion", "In đoạn lệnh gợi ý bằng phím Tab để tự cài.", show)
