"""What the engine imports only on first use, imported ahead of time in the forkserver.

A worker that switched to a user of its own may be unable to read the interpreter's files
(a Python installed under root's 0700 home, for one), so an import it attempts only then
fails: PIL finds no PNG encoder, `zipfile` no code page for a 3MF's file names. Listed in
`sandbox.server.PRELOAD`, this module loads them while the forkserver still runs as the
server: every text codec (a few dozen ms, once), and the image plugins PIL registers on
first use (PNG, to write thumbnails).
"""

from __future__ import annotations

import contextlib
import encodings
import importlib
import pkgutil

from PIL import Image

for _module in pkgutil.iter_modules(encodings.__path__):
    with contextlib.suppress(ImportError, LookupError):  # mbcs and oem are Windows'
        importlib.import_module(f"encodings.{_module.name}")

Image.preinit()
