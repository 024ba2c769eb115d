"""Analyses through a Celery broker, when `SMALLBATCH_BROKER_URL` is set.

Without a broker the backend measures files in its own sandboxed worker pool
(`backend.parts.analysis.Analyzer`). With one, the backend only enqueues a job per
pending analysis (`enqueue.QueuedAnalyzer`, the same interface) and `smallbatch worker`
processes (`worker`) run the geometry engine in the same process sandbox and write the
result to the same database. The modules: `settings` (the broker's variables), `app`
(the Celery application, its limits and queues), `job` (one analysis, idempotent),
`enqueue` (the backend's side) and `broker` (is the broker there).
"""
