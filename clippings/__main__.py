"""`python -m clippings` runs the command line."""

import sys

from clippings.entry import main

# Guarded: import workers (clippings.importer.parallel) are spawned and import this module.
if __name__ == "__main__":
    sys.exit(main())
