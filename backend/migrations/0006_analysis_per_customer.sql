-- An analysis is cached by what its result depends on: the customer, the bytes, the units and
-- the format the file name declares (the name's only use). Before, (sha256, units) was shared
-- by every customer and kept the first uploader's name: a failure under one name came back
-- under another, and an answer at once told a customer someone else had sent the same file.
-- Portable SQL: SQLite and PostgreSQL both accept every statement here.

-- The format each extension declares, as geometry.detect.declared_format has it.
CREATE TABLE declared_formats (suffix TEXT PRIMARY KEY, declared TEXT NOT NULL);

INSERT INTO declared_formats (suffix, declared) VALUES ('.stl', 'stl'), ('.obj', 'obj'),
    ('.ply', 'ply'), ('.3mf', '3mf'), ('.glb', 'glb'), ('.gltf', 'gltf'), ('.step', 'step'),
    ('.stp', 'step');

ALTER TABLE parts ADD COLUMN declared TEXT NOT NULL DEFAULT '';

UPDATE parts SET declared = COALESCE((SELECT f.declared FROM declared_formats f
    WHERE LOWER(parts.filename) LIKE '%' || f.suffix), '');

ALTER TABLE analyses ADD COLUMN declared TEXT NOT NULL DEFAULT '';

UPDATE analyses SET declared = COALESCE((SELECT f.declared FROM declared_formats f
    WHERE LOWER(analyses.filename) LIKE '%' || f.suffix), '');

CREATE TABLE analyses_v5 (
    customer TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES files (sha256),
    units TEXT NOT NULL,
    declared TEXT NOT NULL,
    status TEXT NOT NULL,
    report TEXT,
    error_code TEXT,
    error_message TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (customer, sha256, units, declared)
);

-- Each part keeps its old analysis when that was made under a name declaring the same format;
-- any other is measured again (pending rows are picked up at the next start).
INSERT INTO analyses_v5 (customer, sha256, units, declared, status, report, error_code,
    error_message, created_at, updated_at)
SELECT DISTINCT p.customer, p.sha256, p.units, p.declared,
    CASE WHEN a.declared = p.declared THEN a.status ELSE 'pending' END,
    CASE WHEN a.declared = p.declared THEN a.report END,
    CASE WHEN a.declared = p.declared THEN a.error_code END,
    CASE WHEN a.declared = p.declared THEN a.error_message END,
    a.created_at, a.updated_at
FROM parts p JOIN analyses a ON a.sha256 = p.sha256 AND a.units = p.units;

DROP TABLE analyses;

ALTER TABLE analyses_v5 RENAME TO analyses;

CREATE INDEX analyses_status ON analyses (status);

DROP TABLE declared_formats;
