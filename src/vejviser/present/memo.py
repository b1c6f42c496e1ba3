"""What a writer makes of each activity, kept in the build cache for the next build.

A writer (the pages, the calendars) makes something of each activity's view; :func:`cached_map`
finds what it made before, by a key of the view (and what else it reads) and of
:func:`directory_version`, and makes only the rest, on every core. What is found is read back as data
of the writer's own classes only (:func:`vejviser.cache.objects_of`), checked for its shape, and made
again when it cannot be read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from vejviser.cache import BuildCache, code_version, key_of, objects_of
from vejviser.parallel import map_in_order
from vejviser.present.directory import Directory

Item = TypeVar("Item")
Made = TypeVar("Made")


def directory_version(directory: Directory, *more: str) -> str:
    """What everything a writer makes of a directory depends on beside the records: the code (templates
    and texts among it), the settings (the project's folder aside; the areas' shapes by their file), the
    day, the languages, and ``more``."""
    settings = directory.settings
    plain = dataclasses.replace(settings, root=Path(), area_shapes=None)
    shapes = b""
    if settings.area_polygons:
        with contextlib.suppress(OSError):  # unreadable now: a key of its own
            shapes = (settings.root / settings.area_polygons).read_bytes()
    m = directory.messages
    return key_of(code_version(), _canonical(plain), shapes,
                  directory.today.isoformat(), m.lang, m.records_lang, *more)  # fmt: skip


def _canonical(inputs: object) -> bytes:
    """``inputs`` pickled the same way whenever they are equal: without pickle's memo, which would write an
    object met twice once and point to it, so that the bytes depended on which objects are shared (a
    record read from the cache shares fewer than one read from its file)."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo (the inputs hold no cycles)
    pickler.dump(inputs)
    return out.getvalue()


def cached_map(
    cache: BuildCache,
    kind: str,
    make: Callable[[Item], Made],
    items: Sequence[Item],
    inputs: Callable[[Item], object],
    version: str,
    modules: frozenset[str],
    check: Callable[[object], Made],
) -> list[Made]:
    """``make(item)`` for each of ``items`` in order: from ``cache`` where an entry of ``kind`` has the same
    ``inputs(item)`` (everything ``make`` reads of it, pickled into the key) and ``version``; the others made
    on every core and kept. ``check`` returns an entry read back (made of classes of ``modules``) if it has
    the shape ``make`` gives, and raises otherwise."""
    if cache.path is None:
        return map_in_order(make, items)
    keys = [key_of(kind, version, _canonical(inputs(item))) for item in items]
    found = cache.get_many(kind, keys)
    done: dict[int, Made] = {}
    for index, key in enumerate(keys):
        if key in found:
            with contextlib.suppress(Exception):  # an entry that cannot be read is made again
                done[index] = check(objects_of(found[key], modules))
    missing = [index for index in range(len(items)) if index not in done]
    made = map_in_order(make, [items[index] for index in missing])
    cache.put_many(kind, {keys[index]: pickle.dumps(one) for index, one in zip(missing, made, strict=True)})
    done.update(zip(missing, made, strict=True))
    return [done[index] for index in range(len(items))]
