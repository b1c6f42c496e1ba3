"""Run the command line as ``python -m vejviser``."""

from vejviser.cli import run

run()
