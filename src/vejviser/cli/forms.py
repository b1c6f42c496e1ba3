"""``vejviser forms``: write the GitHub issue forms from the schema and the municipality's lists."""

from __future__ import annotations

from pathlib import Path

import click

from vejviser.cli.common import EXIT_INVALID, VejviserError, lang_option, open_project, project_argument
from vejviser.submit.issue_forms import FORMS_DIR, form_texts


@click.command()
@project_argument
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a form differs from what the schema gives.")
@lang_option
def forms(project_dir: Path, check: bool, lang: str | None) -> None:
    """Write the issue forms "Ny aktivitet", "Ret en aktivitet" and "Aktiviteten er stoppet"
    into PROJECT_DIR/.github/ISSUE_TEMPLATE/, made from the schema and vejviser.yaml.

    Run it again after changing the schema or the lists of categories, target groups and
    areas; --check (as in make test) says whether the committed forms are in step.

    \b
    Examples:
      vejviser forms
      vejviser forms --check
    """
    settings, messages = open_project(project_dir, lang)
    folder = settings.root / FORMS_DIR
    drifted = []
    for name, text in form_texts(settings, messages).items():
        path = folder / name
        shown = (FORMS_DIR / name).as_posix()
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                drifted.append(shown)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        click.echo(messages("forms.written", file=shown))
    if drifted:
        raise VejviserError("\n".join(messages("forms.drift", file=f) for f in drifted), EXIT_INVALID)
    if check:
        click.echo(messages("forms.in_step"))
