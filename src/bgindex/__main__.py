"""`python -m bgindex`."""

from bgindex.cli.app import main

main()
