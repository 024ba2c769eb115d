-- Shared powder builds (issue 15): the SLS and MJF lines of many orders printed in one build.
-- A build is opened by the first line that needs it (a make job placed like any other, its
-- hours from the height its parts reach) and later lines join it while it has not started,
-- when all their copies nest into the room left below that height (so its slot and every
-- carried line's dates stay). Portable SQL: SQLite and PostgreSQL both accept every statement.

-- Times are UTC ISO 8601 (`backend.db.now_iso`). `unit` counts from 0, as scheduled_jobs.
-- `number` is what staff read ("Build 3"), given on insert. The volume is the machine's
-- build volume (mm) the parts are nested in, `spacing_mm` the process's gap between parts;
-- `height_mm` the height the slot was sized for (it stays when an order leaves), `fill` the
-- parts' bounding boxes over the usable volume (0-1). `parts` is JSON: the nested parts
-- (`planning.nesting.NestPart`, id `order/line`); `placements` JSON: where each copy lies
-- (`planning.nesting.Placement`). A build whose last order leaves before it starts is deleted;
-- one that started is kept as the record of what was printed together.
CREATE TABLE builds (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    process TEXT NOT NULL,
    material TEXT NOT NULL,
    machine TEXT NOT NULL,
    unit INTEGER NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    volume_x_mm REAL NOT NULL,
    volume_y_mm REAL NOT NULL,
    volume_z_mm REAL NOT NULL,
    spacing_mm REAL NOT NULL,
    height_mm REAL NOT NULL,
    fill REAL NOT NULL,
    parts TEXT NOT NULL,
    placements TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX builds_open ON builds (process, material, starts_at);

-- The make job of a line a build carries: on the build's machine unit, from its start to its
-- end (every carried order holds the slot, so it stays while any of them is open). No foreign
-- key: an order placed again leaves its build and takes its new rows in one transaction.
ALTER TABLE scheduled_jobs ADD COLUMN build_id TEXT;
