"""Readers for each CAD format: bytes in, raw triangles in file units out."""

from __future__ import annotations

from geometry.formats.base import RawTriangles
from geometry.formats.dispatch import read_triangles

__all__ = ["RawTriangles", "read_triangles"]
