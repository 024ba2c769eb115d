"""The README tables of environment variables, made from the settings' own definitions.

`python -m smallbatch.envdoc` rewrites every table between `<!-- env:NAME -->` and
`<!-- /env:NAME -->` in the READMEs; `--check` only reports the ones that drifted (exit 1).
A test runs the check, so a setting added, renamed or re-described in code without its
table following fails the build.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import msgspec

from backend.jobs.settings import QueueSettings
from backend.settings import Settings
from bot.config import BotSettings
from envconfig import env_vars, markdown_table
from sandbox.settings import SandboxSettings
from smallbatch.config import ServeSettings

ROOT = Path(__file__).resolve().parents[1]
READMES = ("README.md", "backend/README.md", "bot/README.md")

#: Table name -> (the settings it lists, the settings whose variables it leaves out).
TABLES: dict[str, tuple[tuple[type[msgspec.Struct], ...], tuple[type[msgspec.Struct], ...]]] = {
    "backend": ((Settings, SandboxSettings, QueueSettings), ()),
    "bot": ((BotSettings, ServeSettings), ()),
    "bot-only": ((BotSettings, ServeSettings), (Settings,)),
}
_BLOCK = re.compile(r"(<!-- env:([a-z-]+) -->\n)(.*?)(<!-- /env:\2 -->)", re.S)


def table(name: str) -> str:
    """The markdown table called `name` in the READMEs."""
    listed, left_out = TABLES[name]
    skip = {v.name for settings_type in left_out for v in env_vars(settings_type)}
    return markdown_table(listed, skip=skip)


def render(text: str) -> str:
    """`text` with every env table block filled in from the code."""
    return _BLOCK.sub(lambda m: f"{m[1]}{table(m[2])}\n{m[4]}", text)


def drifted(root: Path = ROOT) -> list[str]:
    """The READMEs whose tables differ from the code."""
    return [name for name in READMES if render(text := (root / name).read_text()) != text]


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the tables, or with `--check` list the READMEs that drifted."""
    parser = argparse.ArgumentParser(prog="python -m smallbatch.envdoc", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report drift (exit 1)")
    args = parser.parse_args(argv)
    stale = drifted()
    if args.check:
        for name in stale:
            sys.stderr.write(f"{name}: environment table differs from the settings\n")
        return 1 if stale else 0
    for name in stale:
        path = ROOT / name
        path.write_text(render(path.read_text()))
        sys.stdout.write(f"rewrote {name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
