"""The order the parallel run takes the test files in (tests/durations.py)."""

from __future__ import annotations

from pathlib import Path

from tests.durations import file_of_classname, longest_first, seconds_by_file

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="tests.test_console.test_browser" name="test_a" time="30.5"/>
<testcase classname="tests.test_console.test_browser.TestBoard" name="test_b" time="9.5"/>
<testcase classname="tests.test_geometry.test_hull" name="test_c" time="2.0"/>
</testsuite></testsuites>
"""


def test_a_classname_names_its_file_with_or_without_a_class() -> None:
    """Test classes are dropped: their tests belong to the module's file."""
    live = file_of_classname("tests.test_jobs.test_queue_live")
    assert live == "tests/test_jobs/test_queue_live.py"
    assert file_of_classname("tests.test_bot.test_e2e.TestCard") == "tests/test_bot/test_e2e.py"


def test_a_junit_report_sums_to_seconds_per_file_longest_first(tmp_path: Path) -> None:
    """Every case of a file counts, classes included."""
    report = tmp_path / "junit.xml"
    report.write_text(JUNIT, encoding="utf-8")
    seconds = seconds_by_file(report)
    browser, hull = "tests/test_console/test_browser.py", "tests/test_geometry/test_hull.py"
    assert seconds == {browser: 40.0, hull: 2.0}
    assert list(seconds) == [browser, hull]


def test_the_longest_files_go_first_and_a_new_file_counts_as_typical() -> None:
    """A file not yet timed sits among the median ones; ties keep the collection order."""
    durations = {"a.py": 1.0, "b.py": 50.0, "c.py": 10.0, "d.py": 10.0}
    files = ["a.py", "new.py", "d.py", "c.py", "b.py"]
    assert longest_first(files, durations) == ["b.py", "new.py", "d.py", "c.py", "a.py"]
    assert longest_first(files, {}) == files
