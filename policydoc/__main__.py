import sys

from policydoc.cli import main

sys.exit(main())
