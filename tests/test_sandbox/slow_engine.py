"""A stand-in for a heavy engine: it takes seconds to import, then leaves a marker file.

Only a forkserver imports it (`slow_start` adds it to the preload); the environment,
which the forkserver inherits, says how long to take and where to write.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

time.sleep(float(os.environ["SLOW_ENGINE_SECONDS"]))
Path(os.environ["SLOW_ENGINE_MARKER"]).write_text("loaded")
