"""How long each test file took, so the parallel run can start the longest files first.

`pytest -n 2 --dist loadfile` hands whole files to the two workers in the order it has them.
When a 70-second browser file happens to come last, one worker runs it while the other sits
idle; started first, the long files overlap and the short ones fill the gaps (longest
processing time first). The seconds are kept in `durations.json`; refresh them after a run
with `--junitxml`:

    .venv/bin/pytest -n 2 --dist loadfile --junitxml=var/junit.xml
    .venv/bin/python -m tests.durations var/junit.xml
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

DURATIONS = Path(__file__).resolve().parent / "durations.json"


def file_of_classname(classname: str) -> str:
    """The test file a JUnit classname names (`tests.a.test_b.TestC` -> `tests/a/test_b.py`)."""
    modules = [part for part in classname.split(".") if not part[:1].isupper()]
    return "/".join(modules) + ".py"


def seconds_by_file(junit_xml: Path) -> dict[str, float]:
    """The summed test time of every file in a JUnit report, longest first."""
    seconds: defaultdict[str, float] = defaultdict(float)
    for case in ElementTree.parse(junit_xml).iter("testcase"):
        seconds[file_of_classname(case.get("classname", ""))] += float(case.get("time", "0"))
    longest = sorted(seconds.items(), key=lambda entry: -entry[1])
    return {name: round(total, 1) for name, total in longest}


def load_durations(path: Path = DURATIONS) -> dict[str, float]:
    """The kept seconds per file (empty when none are kept)."""
    if not path.is_file():
        return {}
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return {str(name): float(seconds) for name, seconds in loaded.items()}


def longest_first(files: Sequence[str], durations: dict[str, float]) -> list[str]:
    """`files` ordered by their kept seconds, longest first.

    A file not yet timed counts as a typical one (the median); ties keep the order they came in.
    """
    typical = statistics.median(durations.values()) if durations else 0.0
    order = {name: index for index, name in enumerate(files)}
    return sorted(files, key=lambda name: (-durations.get(name, typical), order[name]))


def main(argv: Sequence[str] | None = None) -> None:
    """Write `durations.json` from a JUnit report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("junit_xml", type=Path)
    args = parser.parse_args(argv)
    text = json.dumps(seconds_by_file(args.junit_xml), indent=1) + "\n"
    DURATIONS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
