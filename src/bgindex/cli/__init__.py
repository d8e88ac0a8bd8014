"""The `bgindex` command: options parsed, the library called, results shown; only it uses typer and rich."""
