"""Run clusterctl as ``python -m clusterctl``."""

from clusterctl.cli.app import main

if __name__ == "__main__":
    main()
