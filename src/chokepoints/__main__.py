"""``python -m chokepoints``: the same command as ``chokepoints``."""

from chokepoints.cli import main

if __name__ == "__main__":
    main()
