"""Print pip constraints that pin every direct dependency of pyproject.toml to its claimed minimum.

Each `NAME>=X` of `[project] dependencies` and of every `[project.optional-dependencies]` group
becomes `NAME==X` (extras dropped, since constraints take none; environment markers kept).
Transitive dependencies are left to the resolver. `make test-min` installs `.[dev]` with these
constraints and runs the tests, so the floors that pyproject.toml claims are the ones tested.

    python scripts/min_constraints.py [pyproject.toml] > constraints-min.txt

A direct dependency without a floor claims no minimum, so none is tested: it is left to the
resolver and named in a comment. One with two different floors is an error.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement


def floors(pyproject: dict) -> tuple[list[str], list[str]]:
    """The `NAME==X` pins, and the names of the direct dependencies that claim no minimum."""
    project = pyproject["project"]
    requirements = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        requirements.extend(group)
    pins: dict[str, str] = {}
    unfloored: set[str] = set()
    for text in requirements:
        requirement = Requirement(text)
        lowest = [spec.version for spec in requirement.specifier if spec.operator in (">=", "==", "~=")]
        if not lowest:
            unfloored.add(requirement.name)
            continue
        if len(lowest) > 1:
            raise SystemExit(f"{text!r}: give one minimum version (>=X) so that it can be tested")
        pin = f"{requirement.name}=={lowest[0]}"
        if requirement.marker is not None:
            pin += f"; {requirement.marker}"
        if pins.setdefault(requirement.name.lower(), pin) != pin:
            raise SystemExit(f"{requirement.name}: two different minimums ({pins[requirement.name.lower()]}, {pin})")
    unfloored = {name for name in unfloored if name.lower() not in pins}
    return sorted(pins.values(), key=str.lower), sorted(unfloored, key=str.lower)


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "pyproject.toml")
    pins, unfloored = floors(tomllib.loads(path.read_text(encoding="utf-8")))
    print(f"# The minimum versions that {path.name} claims, made by scripts/min_constraints.py: do not edit.")
    if unfloored:
        print(f"# No minimum claimed, left to the resolver: {', '.join(unfloored)}")
    print("\n".join(pins))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
