"""`python -m bgindex`, and the entry script of the built executable."""

import multiprocessing

# Before the command line is imported: a worker started by the frozen executable runs its task.
multiprocessing.freeze_support()

from bgindex.cli.app import main  # noqa: E402

main()
