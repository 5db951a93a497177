"""Entry point: ``python main.py [run|verify|decode] ...`` (same as ``vangnet``)."""

import sys

from console.app import main

if __name__ == "__main__":
    sys.exit(main())
