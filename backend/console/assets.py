"""Fetch the console's browser libraries from the npm registry at install time.

`python -m backend.console.assets` (run by `make`) downloads each pinned npm
tarball over HTTPS, checks it against the integrity hash the registry published
for that version, and extracts only the files the pages load into
`backend/console/static/vendor/` (gitignored). Nothing is copied into the
repository and nothing is fetched at run time: the backend serves these files
itself. Running it again with everything in place does nothing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path
from typing import NamedTuple

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
REGISTRY = "https://registry.npmjs.org"


class Package(NamedTuple):
    """One pinned npm package and the files the console takes from it."""

    name: str
    version: str
    integrity: str  # `npm view NAME@VERSION dist.integrity`
    files: dict[str, str]  # path inside the tarball -> name under static/vendor/

    @property
    def url(self) -> str:
        """The tarball's address on the registry."""
        base = self.name.rsplit("/", 1)[-1]
        return f"{REGISTRY}/{self.name}/-/{base}-{self.version}.tgz"


PACKAGES = (
    Package(
        "htmx.org",
        "2.0.4",
        "sha512-HLxMCdfXDOJirs3vBZl/ZLoY+c7PfM4Ahr2Ad4YXh6d22T5ltbTXFFkpx9Tgb2vvmWFMbIc3LqN2ToNkZJvyYQ==",
        {"package/dist/htmx.min.js": "htmx.min.js"},
    ),
    Package(
        "@picocss/pico",
        "2.1.1",
        "sha512-kIDugA7Ps4U+2BHxiNHmvgPIQDWPDU4IeU6TNRdvXQM1uZX+FibqDQT2xUOnnO2yq/LUHcwnGlu1hvf4KfXnMg==",
        {"package/css/pico.min.css": "pico.min.css"},
    ),
    Package(
        "three",
        "0.170.0",
        "sha512-FQK+LEpYc0fBD+J8g6oSEyyNzjp+Q7Ks1C568WWaoMRLW+TkNNWmenWeGgJjV105Gd+p/2ql1ZcjYvNiPZBhuQ==",
        {
            "package/build/three.module.min.js": "three/three.module.min.js",
            "package/examples/jsm/loaders/STLLoader.js": "three/STLLoader.js",
            "package/examples/jsm/controls/OrbitControls.js": "three/OrbitControls.js",
        },
    ),
)


class AssetError(Exception):
    """A download failed or did not match its pinned hash."""


def verify(data: bytes, integrity: str) -> None:
    """Refuse bytes whose SHA-512 is not the one npm published (a Subresource Integrity string)."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise AssetError(f"unsupported integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise AssetError(f"integrity mismatch: expected {expected}, got {actual}")


def extract(package: Package, tarball: bytes, into: Path) -> None:
    """Write the package's wanted files under `into`; the tarball must hold every one."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        names = set(archive.getnames())
        for inside, target in package.files.items():
            if inside not in names:
                raise AssetError(f"{package.name}@{package.version} has no {inside}")
            member = archive.extractfile(inside)
            assert member is not None
            out = into / target
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_suffix(out.suffix + ".part")
            tmp.write_bytes(member.read())
            tmp.replace(out)  # a half-written file never looks installed


def installed(package: Package, into: Path) -> bool:
    """Whether this exact version's files are already in place."""
    return (into / _stamp(package)).exists()


def _stamp(package: Package) -> str:
    return f".{package.name.replace('/', '_')}@{package.version}"


def install(into: Path = VENDOR, *, timeout: float = 60) -> list[str]:
    """Download, verify and extract every package not yet in place; the ones installed."""
    done = []
    into.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        if installed(package, into):
            continue
        with urllib.request.urlopen(package.url, timeout=timeout) as response:
            tarball = response.read()
        verify(tarball, package.integrity)
        extract(package, tarball, into)
        (into / _stamp(package)).write_text(package.integrity + "\n")
        done.append(f"{package.name}@{package.version}")
    return done


def main() -> int:
    """Install the console's vendored assets; exit status 1 with a message on failure."""
    try:
        done = install()
    except (OSError, AssetError) as error:
        sys.stderr.write(f"error: console assets: {error}\n")
        return 1
    if done:
        sys.stdout.write(f"console assets installed: {', '.join(done)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
