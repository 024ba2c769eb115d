-- QC by ISO 2859-1 (issue 16): each time an order is in QC its lot is inspected to a plan,
-- and the values staff measure on the sample parts are kept, decided or not.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- One inspection per visit to QC (`round` counts from 1; after rework the order comes back
-- to a new one). `plan` is the `QcPlan` as JSON, fixed when the inspection opens so a card
-- changed mid-inspection does not move its limits. `decision` (accept, reject; left_qc when
-- the order left QC another way, e.g. a plain move) and `decided_at` stay NULL until then.
-- Times UTC ISO 8601.
CREATE TABLE qc_inspections (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    round INTEGER NOT NULL,
    plan TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    decision TEXT,
    decided_by TEXT,
    decided_at TEXT,
    UNIQUE (order_id, round)
);

-- A value measured on one sample part (`sample` from 1) for one characteristic of the plan
-- (its key: `size_x`, `hole_4.20`, `thread_M5`, `visual`); a value typed again replaces it.
CREATE TABLE qc_values (
    inspection_id TEXT NOT NULL REFERENCES qc_inspections (id),
    characteristic TEXT NOT NULL,
    sample INTEGER NOT NULL,
    value REAL NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (inspection_id, characteristic, sample)
);
