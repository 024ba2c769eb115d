-- Material lots (issue 15): the lot or spool each job of an order used, kept for good.
-- `scheduled_jobs.material_lot` goes with the job when the order ships, is cancelled or
-- rejected; this row stays so the order still shows what its parts were made from.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- `job` is the API's id of the job within the order (`1-make`, `qc`); `work` its process id
-- or station; `recorded_at` UTC ISO 8601 (`backend.db.now_iso`). The last lot recorded wins.
CREATE TABLE job_lots (
    order_id TEXT NOT NULL REFERENCES orders (id),
    job TEXT NOT NULL,
    work TEXT NOT NULL,
    lot TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (order_id, job)
);
