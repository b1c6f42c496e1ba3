"""The ``vejviser`` command: one module per subcommand, all errors turned into messages."""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading

import click

from vejviser.cli.build import build
from vejviser.cli.common import file_failure, messages_of, write_failed
from vejviser.cli.confirm import confirm
from vejviser.cli.forms import forms
from vejviser.cli.from_issue import from_issue
from vejviser.cli.generate import generate
from vejviser.cli.geocode import geocode
from vejviser.cli.new import new
from vejviser.cli.print_ import print_
from vejviser.cli.review import review
from vejviser.cli.validate import validate


class Commands(click.Group):
    """The subcommands, with the file system's refusals (a read-only folder, a full disk, a file
    one may not write) told in words, never as a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if not file_failure(exc):
                raise
            raise write_failed(exc, messages_of(ctx)) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
main.add_command(review)
main.add_command(confirm)
main.add_command(forms)
main.add_command(from_issue)
main.add_command(new)


def run() -> None:
    """The ``vejviser`` command as a process (its entry point, and ``python -m vejviser``).

    It ends as the interpreter would, with the exit handlers run and the output flushed, but
    without freeing its objects one by one: after a build of 10,000 activities that took 2.8 s
    here, for nothing. mypy ends its command the same way.
    """
    code: int | str | None
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # not CPython: end the ordinary way
        sys.exit(code)
    for thread in threading.enumerate():  # as the interpreter does: wait for the threads that are not daemons
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    run_exit_handlers()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
