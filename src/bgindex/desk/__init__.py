"""The officer's desk in the browser: a local Starlette app over bgindex.workspace (bgindex serve)."""
