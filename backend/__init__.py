"""The backend service: parts, quotes, orders and the staff console over HTTP (Litestar)."""
