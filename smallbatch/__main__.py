"""`python -m smallbatch`: the same as the `smallbatch` command."""

import sys

from smallbatch.cli import main

sys.exit(main())
