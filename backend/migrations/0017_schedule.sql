-- The production schedule (issue 15): every job of an approved order, placed on a machine
-- unit by the planner (planning/), kept so that the order keeps its slot. Re-planning
-- passes these rows back as reservations, so a restart gives the same schedule.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- Times are UTC ISO 8601 (`backend.db.now_iso`), so text order is time order.
CREATE TABLE scheduled_jobs (
    job_id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    work TEXT NOT NULL,
    machine TEXT NOT NULL,
    unit INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    material_lot TEXT,
    planned_at TEXT NOT NULL
);

CREATE INDEX scheduled_jobs_order ON scheduled_jobs (order_id);

-- The ship date the customer was last told (the quote's, then each slip's new date).
ALTER TABLE orders ADD COLUMN promised_ship_date TEXT;

-- A slip event carries the new date and why it moved (machine_down, rework, late, capacity).
ALTER TABLE events ADD COLUMN ship_date TEXT;
ALTER TABLE events ADD COLUMN reason TEXT;

-- Machine downtime is stored by 0018 (the machines API); the planner keeps jobs out of it.

-- One row: bumped by every write that changes the stored jobs or downtime, so a replica can
-- keep the schedule it built and rebuild it only when this moved (quotes date from it).
CREATE TABLE schedule_generation (
    id INTEGER PRIMARY KEY,
    generation INTEGER NOT NULL
);

-- Its one row (id 1) is written by the first change, so a migrated database stays empty
-- (`smallbatch db copy` copies only into an empty one).
