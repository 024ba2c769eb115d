"""Configurable limits on untrusted files, in one place."""

from __future__ import annotations

import msgspec

MB = 1024 * 1024


class Limits(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Bounds applied before and while a file is parsed and analysed."""

    max_file_bytes: int = 100 * MB
    max_faces: int = 5_000_000
    max_zip_entries: int = 64
    max_zip_uncompressed_bytes: int = 512 * MB
    max_zip_ratio: float = 200.0  # uncompressed / compressed per entry; a bomb is far above
    worker_cpu_seconds: int = 60
    worker_memory_bytes: int = 4096 * MB
    worker_wall_seconds: float = 90.0


DEFAULT_LIMITS = Limits()
