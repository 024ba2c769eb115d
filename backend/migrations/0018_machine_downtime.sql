-- Machine downtime (issue 15): staff mark a machine of the rate card's shop floor down for a
-- period; the planner leaves that time out of the machine's calendar.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- One row per period, kept after it ends: who marked it and when, and who ended or removed
-- it and when. Times are UTC ISO 8601 text with microseconds (`backend.db.now_iso`), so text
-- order is time order. `machine` is a machine id of the card (`[[planning.machines]] id`);
-- a period of a machine the card no longer lists is kept but not planned with.
-- Ending a period that has begun sets `ends_at` to the moment it was ended; removing one
-- that has not begun sets `ends_at` to its `starts_at` (empty: no longer down at all).
-- `planned_ends_at` keeps the end first asked for. `unit` is one unit of a machine of several
-- (from 1, as staff count them and travellers print them); NULL: every unit.
CREATE TABLE machine_downtime (
    id TEXT PRIMARY KEY,
    machine TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    planned_ends_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    ended_at TEXT,
    ended_by TEXT,
    unit INTEGER
);

CREATE INDEX machine_downtime_by_end ON machine_downtime (ends_at, machine);
