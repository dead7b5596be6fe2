-- sohoa record store, version 2: what each import run and each scheduled scan did (issue 20), for
-- the admins' "Lượt nhập" page. Runs unchanged on PostgreSQL 15 and PGlite.

-- One row per run: `sohoa import` (kind import), a scheduled scan of a watched folder (scan), or a
-- failed file retried from the web page (retry). The counters are kept by the statements that add
-- a file or finish one (import-runs.ts), each in one statement, so several queue workers finishing
-- jobs of one run at once never lose a count.
CREATE TABLE import_runs (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('import', 'scan', 'retry')),
  mode         text NOT NULL CHECK (mode IN ('embedded', 'queue')),
  -- Who or what started it: the OS user of the CLI, the schedule's id, the web page's user.
  started_by   text NOT NULL,
  -- The paths given (import), the watched folder (scan), the path retried (retry).
  inputs       jsonb NOT NULL DEFAULT '[]',
  retry_of     integer REFERENCES import_runs (id),
  started_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- Every file was looked at and every job handed over: no file will be added any more.
  submitted_at timestamptz,
  -- Submitted and no job pending: the run is over (duration = ended_at - started_at).
  ended_at     timestamptz,
  -- Why the run itself stopped early (an error, or a process that died: "interrupted").
  error        text,
  files        integer NOT NULL DEFAULT 0,
  imported     integer NOT NULL DEFAULT 0,
  skipped      integer NOT NULL DEFAULT 0,
  failed       integer NOT NULL DEFAULT 0,
  -- Imported with open conflicts for a reviewer.
  flagged      integer NOT NULL DEFAULT 0,
  -- Handed to a worker and not finished yet.
  pending      integer NOT NULL DEFAULT 0,
  -- Scans: files new or still changing since the previous scan (looked at again next time), and
  -- files that disappeared.
  unsettled    integer NOT NULL DEFAULT 0,
  disappeared  integer NOT NULL DEFAULT 0
);
CREATE INDEX import_runs_started_idx ON import_runs (started_at DESC);
-- A failed file's latest retry is the newest row for its path in a run that retries its run.
CREATE INDEX import_runs_retry_idx ON import_runs (retry_of) WHERE retry_of IS NOT NULL;

-- One row per file (archive entries as "a.zip!inner/f.docx") a run did something with: its outcome
-- and one-line reason. A scan lists only the files it acted on, not every unchanged file it saw.
CREATE TABLE import_run_files (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id         integer NOT NULL REFERENCES import_runs (id),
  path           text NOT NULL,
  sha256         text,
  outcome        text NOT NULL CHECK (outcome IN ('pending', 'imported', 'skipped', 'failed')),
  reason         text,
  report_id      integer REFERENCES reports (id),
  open_conflicts integer,
  added_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at    timestamptz
);
CREATE INDEX import_run_files_run_idx ON import_run_files (run_id, outcome, id);
-- A finished job looks up the files waiting for its content, in every run.
CREATE INDEX import_run_files_pending_idx ON import_run_files (sha256) WHERE outcome = 'pending';
