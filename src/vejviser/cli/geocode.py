"""``vejviser geocode``: coordinates for venues without them, kept in the committed cache."""

from __future__ import annotations

from pathlib import Path

import click

from vejviser.cli.common import (
    EXIT_INVALID,
    VejviserError,
    failure_reason,
    lang_option,
    open_project,
    project_argument,
)
from vejviser.edit import EditError, set_coordinates
from vejviser.enrich.geocode import CacheError, GeoCache, geocode_missing, geopy_lookup
from vejviser.i18n import Messages
from vejviser.ids import FOLDERS, RecordIdError, record_path
from vejviser.report import id_message, render_text
from vejviser.validate.project import validate_project


@click.command()
@project_argument
@click.option("--write", is_flag=True, help="Also write the coordinates into the records (keeps comments and order).")
@lang_option
def geocode(project_dir: Path, write: bool, lang: str | None) -> None:
    """Look up the venues of PROJECT_DIR that have no coordinates and keep them in the cache.

    Uses the geocoder of the settings (OpenStreetMap's Nominatim by default, at most one
    request a second) and the cache file geocache.yaml, which the build reads instead of
    the network. Records are changed only with --write. Exits with 1 if a lookup failed.

    \b
    Example:
      vejviser geocode .
      vejviser geocode . --write
    """
    settings, messages = open_project(project_dir, lang)
    try:
        cache = GeoCache.load(settings)
    except CacheError as exc:
        raise VejviserError(render_text([exc.problem], messages)) from None
    result = validate_project(settings)
    skipped = len({p.file for p in result.errors if p.file.startswith(f"{FOLDERS['activity']}/")})
    report = geocode_missing(result.activities, cache, geopy_lookup(settings.geocoding), settings.geocoding.country)
    if report.found:
        cache.save()
    cache_name = settings.geocoding.cache
    _section(messages, "geocode.found", report.found, cache=cache_name)
    if report.cached:
        addresses = messages.count(len(report.cached), "address")
        click.echo(messages("geocode.cached", addresses=addresses, cache=cache_name))
    _section(messages, "geocode.missing", report.missing)
    _section(messages, "geocode.failed", [(f, f"{a} ({why})") for f, a, why in report.failed])
    if skipped:
        click.echo(messages("geocode.skipped", records=messages.count(skipped, "record")))
    if not (report.found or report.cached or report.missing or report.failed or skipped):
        click.echo(messages("geocode.nothing"))
    all_written = _write(settings.root, result.activities, cache, messages) if write else True
    if not write and (report.found or report.cached):
        click.echo(messages("geocode.hint_write"))
    if report.failed or not all_written:
        raise VejviserError("", EXIT_INVALID)


def _section(messages: Messages, code: str, rows: list[tuple[str, str]], **params) -> None:
    if rows:
        click.echo(messages(code, addresses=messages.count(len(rows), "address"), **params))
        for file, address in rows:
            click.echo(f"  {file}: {address}")


def _write(root: Path, activities, cache: GeoCache, messages: Messages) -> bool:
    """Write the cached coordinates into the records that lack them; whether every one was written."""
    written, problems = [], []
    for activity in activities:
        venue = activity.venue
        point = cache.get(venue.address) if venue is not None and venue.coordinates is None else None
        if point is None:
            continue
        try:
            set_coordinates(record_path(root, "activity", activity.id), point)
            written.append(activity.file)
        except RecordIdError as exc:
            problems.append(messages("geocode.not_written", file=activity.file, reason=id_message(exc, messages)))
        except (EditError, OSError) as exc:
            problems.append(messages("geocode.not_written", file=activity.file, reason=failure_reason(exc, messages)))
    if written:
        click.echo(messages("geocode.written", records=messages.count(len(written), "record")))
        for file in written:
            click.echo(f"  {file}")
    for problem in problems:
        click.echo(problem, err=True)
    return not problems
