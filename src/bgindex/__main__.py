"""`python -m bgindex`."""

from bgindex.cli import main

main()
