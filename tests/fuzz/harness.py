"""Run one fuzz target under atheris (libFuzzer): `python -m tests.fuzz.harness --target stl`.

Options before libFuzzer's own (`-max_total_time=60`, `-runs=N`, files to replay):
    --target NAME   a name from `tests.fuzz.targets.TARGETS`, or `all` (the first byte
                    of each input picks the target; one process fuzzes every format)
    --corpus DIR    the working corpus; the generated seeds are written into it first
    --deep          instrument the parsers geometry calls too (slower start, better guidance)
    --memory-mb N   address-space limit (RLIMIT_AS) of this process: a parser that
                    asks for more raises MemoryError, which is a finding like any other

Inputs are run in this process, so libFuzzer's `-timeout` (seconds per input) bounds a
hang and `-rss_limit_mb` the resident memory; both are findings written as artifacts.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import resource
import sys
from collections.abc import Callable
from pathlib import Path

import atheris

MB = 1024 * 1024
#: The modules whose branches steer the fuzzer: the geometry package always, and with
#: `--deep` the parsers it hands bytes to (instrumenting those costs ~10 s of start-up,
#: worth it in `make fuzz`, not in every test run). numpy and scipy are C: never.
INSTRUMENTED = ("geometry",)
DEEP = ("trimesh.exchange", "trimesh.util", "zipfile", "json")
#: libFuzzer's bounds, before the caller's options (a later option wins): a hang is an
#: input over 20 s, a memory blow-up over 2 GiB resident; inputs up to 64 KiB.
BOUNDS = ("-timeout=20", "-rss_limit_mb=2048", "-max_len=65536")


def main(argv: list[str]) -> None:
    """Parse our options, seed the corpus, then hand the rest of `argv` to libFuzzer."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.harness")
    parser.add_argument("--target", default="all")
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--memory-mb", type=int, default=4096)
    parser.add_argument("--deep", action="store_true")
    ours, libfuzzer = parser.parse_known_args(argv[1:])
    with atheris.instrument_imports(include=[*INSTRUMENTED, *(DEEP if ours.deep else ())]):
        import trimesh.exchange.load  # noqa: F401  # the loaders run instrumented

        from tests.fuzz.targets import TARGETS
    from geometry.analyze import ENGINE_MODULES

    for name in ENGINE_MODULES:  # what the first load would import, outside any input's time
        importlib.import_module(name)
    if ours.target != "all" and ours.target not in TARGETS:
        parser.error(f"--target: one of all, {', '.join(TARGETS)}")
    one_input = refusals_pass(run_all if ours.target == "all" else TARGETS[ours.target].run)
    if ours.corpus is not None:
        write_seeds(ours.corpus, ours.target)
        libfuzzer.append(str(ours.corpus))
    limit = ours.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    atheris.Setup([argv[0], *BOUNDS, *libfuzzer], one_input)
    atheris.Fuzz()


def refusals_pass(run: Callable[[bytes], None]) -> Callable[[bytes], None]:
    """`run` with a `GeometryError` counted as a pass: only other exceptions are findings."""
    from geometry.errors import GeometryError

    def one_input(data: bytes) -> None:
        with contextlib.suppress(GeometryError):
            run(data)

    return one_input


def target_names() -> list[str]:
    """The targets in the order the first byte of an `all` input picks them."""
    from tests.fuzz.targets import SLOW, TARGETS

    return [name for name in TARGETS if name not in SLOW]


def run_all(data: bytes) -> None:
    """An `all` input: the first byte picks the target, the rest is its file."""
    from tests.fuzz.targets import TARGETS

    if not data:
        return
    names = target_names()
    TARGETS[names[data[0] % len(names)]].run(data[1:])


def write_seeds(corpus: Path, target: str) -> None:
    """Write the target's generated seeds into `corpus` (named by content, so idempotent)."""
    from tests.fuzz.targets import TARGETS

    corpus.mkdir(parents=True, exist_ok=True)
    names = target_names()
    chosen = names if target == "all" else [target]
    for name in chosen:
        prefix = bytes([names.index(name)]) if target == "all" else b""
        for seed in TARGETS[name].seeds():
            data = prefix + seed
            (corpus / hashlib.sha1(data).hexdigest()).write_bytes(data)


def keep(artifact: Path, target: str, regressions: Path) -> Path:
    """Store a finding as `regressions/<format>/<sha1>` (an `all` input loses its target byte)."""
    data = artifact.read_bytes()
    if target == "all" and data:
        target, data = target_names()[data[0] % len(target_names())], data[1:]
    folder = regressions / target
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / hashlib.sha1(data).hexdigest()[:16]
    path.write_bytes(data)
    return path


def entry(argv: list[str]) -> None:
    """`--keep ARTIFACT [--target all]` stores a finding; anything else fuzzes."""
    if "--keep" in argv:
        parser = argparse.ArgumentParser(prog="python -m tests.fuzz.harness --keep")
        parser.add_argument("--keep", type=Path, required=True)
        parser.add_argument("--target", default="all")
        args = parser.parse_args(argv[1:])
        print(keep(args.keep, args.target, Path(__file__).parent / "regressions"))
        return
    main(argv)


if __name__ == "__main__":
    entry(sys.argv)
