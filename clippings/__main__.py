"""`python -m clippings` runs the command line."""

import sys

from clippings.cli import main

sys.exit(main())
