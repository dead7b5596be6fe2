-- sohoa record store, version 1. Runs unchanged on PostgreSQL 15 and PGlite.

-- One row per distinct file content (sha256 of the bytes): the same report copied into three
-- folders is one source seen at three paths.
CREATE TABLE sources (
  sha256            text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  format            text,
  size              bigint NOT NULL CHECK (size >= 0),
  status            text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'processing', 'done', 'failed')),
  failure_reason    text,
  -- true for bad input (corrupt, encrypted...): retrying cannot help until the extractor changes.
  failure_permanent boolean NOT NULL DEFAULT false,
  extractor_version text,
  attempts          integer NOT NULL DEFAULT 0,
  first_seen        timestamptz NOT NULL DEFAULT now(),
  last_seen         timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sources_status_idx ON sources (status);

-- Every path a source was seen at; archive entries read "archive.zip!inner/path.docx".
CREATE TABLE source_paths (
  sha256         text NOT NULL REFERENCES sources (sha256),
  path           text NOT NULL,
  archive        text,
  first_seen     timestamptz NOT NULL DEFAULT now(),
  last_seen      timestamptz NOT NULL DEFAULT now(),
  disappeared_at timestamptz,
  PRIMARY KEY (sha256, path)
);
CREATE INDEX source_paths_path_idx ON source_paths (path);

-- What a scheduled scan saw last time at each path, so a file still being written (size or mtime
-- changed since the previous scan) waits for the next scan.
CREATE TABLE scan_files (
  path           text PRIMARY KEY,
  root           text NOT NULL,
  size           bigint NOT NULL,
  mtime_ms       double precision NOT NULL,
  sha256         text,
  last_scan      timestamptz NOT NULL DEFAULT now(),
  disappeared_at timestamptz
);
CREATE INDEX scan_files_root_idx ON scan_files (root);

-- One extracted report per source. Two files of one report (its .docx and its .pdf) are two rows.
CREATE TABLE reports (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source_sha256     text NOT NULL UNIQUE REFERENCES sources (sha256),
  unit_kind         text,
  unit_name         text,
  district          text,
  province          text,
  -- Diacritic-insensitive keys (fold()) for filtering and for grouping one unit's reports:
  -- unit_key is kind|name|district|province, so two communes of one name in two districts differ.
  unit_key          text,
  unit_name_key     text,
  district_key      text,
  province_key      text,
  period_kind       text,
  period_number     integer,
  period_year       integer,
  report_date       date,
  report_number     text,
  title             text,
  status            text NOT NULL CHECK (status IN ('complete', 'partial')),
  extractor_version text NOT NULL,
  record            jsonb NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  extracted_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reports_unit_period_idx ON reports (unit_key, period_year, period_kind, period_number);
CREATE INDEX reports_district_idx ON reports (district_key);

-- Query rows copied out of the record; replaced wholesale when a source is re-extracted.
-- `ref` is the field reference corrections and conflicts use ("form3:1.4").
CREATE TABLE indicators (
  report_id  integer NOT NULL REFERENCES reports (id),
  ref        text NOT NULL,
  ord        integer NOT NULL,
  form       integer NOT NULL,
  code       text NOT NULL,
  key        text,
  label      text NOT NULL,
  unit       text,
  raw        text NOT NULL,
  value      double precision,
  value_kind text NOT NULL,
  flags      jsonb NOT NULL DEFAULT '[]',
  note       text,
  is_group   boolean NOT NULL DEFAULT false,
  provenance jsonb NOT NULL,
  PRIMARY KEY (report_id, ref)
);
CREATE INDEX indicators_key_idx ON indicators (key);

CREATE TABLE facts (
  report_id     integer NOT NULL REFERENCES reports (id),
  ref           text NOT NULL,
  ord           integer NOT NULL,
  key           text NOT NULL,
  value         double precision,
  unit          text,
  raw           text NOT NULL,
  sentence      text NOT NULL,
  ambiguous     boolean NOT NULL DEFAULT false,
  indicator_key text,
  provenance    jsonb NOT NULL,
  PRIMARY KEY (report_id, ref)
);
CREATE INDEX facts_key_idx ON facts (key);

CREATE TABLE citations (
  report_id  integer NOT NULL REFERENCES reports (id),
  ord        integer NOT NULL,
  doc_type   text NOT NULL,
  number     text NOT NULL,
  raw_number text NOT NULL,
  issuer     text,
  doc_date   date,
  year       integer,
  subject    text,
  identity   text NOT NULL,
  raw        text NOT NULL,
  provenance jsonb NOT NULL,
  PRIMARY KEY (report_id, ord)
);
CREATE INDEX citations_identity_idx ON citations (identity);

-- Conflicts keep their identity (report + fingerprint) across rule re-runs, so a reviewer's
-- decision survives re-extraction. resolution_how: 'corrected' | 'accepted' | 'dismissed' by a
-- reviewer, or 'auto' when the rules stopped raising it (reopened if they raise it again).
CREATE TABLE conflicts (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id      integer NOT NULL REFERENCES reports (id),
  fingerprint    text NOT NULL,
  rule           text NOT NULL,
  severity       text NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  message        text NOT NULL,
  refs           jsonb NOT NULL,
  "values"       jsonb NOT NULL,
  evidence       jsonb NOT NULL,
  suggestion     jsonb,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  resolution_how text,
  resolved_by    text,
  resolved_at    timestamptz,
  resolution_note text,
  first_seen     timestamptz NOT NULL DEFAULT now(),
  last_seen      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (report_id, fingerprint)
);
CREATE INDEX conflicts_status_idx ON conflicts (status, severity);
CREATE INDEX conflicts_rule_idx ON conflicts (rule);

-- Reviewer corrections: append-only (a revert is a new row pointing at the one it undoes).
-- The current value of a field is the newest correction that is neither a revert nor reverted.
CREATE TABLE corrections (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_id   integer NOT NULL REFERENCES reports (id),
  ref         text NOT NULL,
  old_value   jsonb,
  new_value   jsonb,
  reason      text NOT NULL,
  author      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  conflict_id integer REFERENCES conflicts (id),
  reverts     integer UNIQUE REFERENCES corrections (id)
);
CREATE INDEX corrections_report_ref_idx ON corrections (report_id, ref);

CREATE FUNCTION corrections_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'corrections are append-only: % is not allowed (revert with a new correction)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER corrections_no_update_delete BEFORE UPDATE OR DELETE ON corrections
  FOR EACH ROW EXECUTE FUNCTION corrections_append_only();
CREATE TRIGGER corrections_no_truncate BEFORE TRUNCATE ON corrections
  FOR EACH STATEMENT EXECUTE FUNCTION corrections_append_only();

-- Reviewers of the web page (written later). password_hash holds a scrypt/argon2 string, never a password.
CREATE TABLE users (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL UNIQUE,
  role          text NOT NULL DEFAULT 'reviewer' CHECK (role IN ('viewer', 'reviewer', 'admin')),
  password_hash text NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now()
);
