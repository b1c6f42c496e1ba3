"""The ``vejviser`` command: one module per subcommand, all errors turned into messages."""

from __future__ import annotations

import click

from vejviser.cli.build import build
from vejviser.cli.generate import generate
from vejviser.cli.geocode import geocode
from vejviser.cli.print_ import print_
from vejviser.cli.validate import validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vejviser")
def main() -> None:
    """Vejviser: a directory of volunteer activities, built from YAML records.

    \b
    Example:
      vejviser validate .
    """


main.add_command(validate)
main.add_command(build)
main.add_command(generate)
main.add_command(geocode)
main.add_command(print_)
