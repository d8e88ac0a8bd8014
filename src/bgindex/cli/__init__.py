"""The `bgindex` command: options parsed, the library called, results shown on the terminal. Only this layer imports typer and rich."""
