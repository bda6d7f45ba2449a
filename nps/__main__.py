import sys

from nps.cli import main

sys.exit(main())
