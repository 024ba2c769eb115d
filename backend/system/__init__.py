"""Liveness and readiness: `/health` and `/ready`."""
