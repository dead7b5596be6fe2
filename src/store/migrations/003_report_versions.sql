-- sohoa record store, version 3: files reporting the same unit and period are versions of one
-- report. Every version keeps its own report row (nothing is overwritten); a report group names
-- the version that stands, and why. Runs unchanged on PostgreSQL 15 and PGlite.

-- One row per unit and period (group_key = unit_key#kind:number:year). A report whose unit or
-- period could not be read is a group of its own (group_key = 'sha:' || sha256): it is never
-- taken for a version of anything.
CREATE TABLE report_groups (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_key          text NOT NULL UNIQUE,
  -- The version exports and the cross-report rules use; NULL only while the group is being filled.
  standing_report_id integer REFERENCES reports (id),
  -- 'default' (chosen by the rules of versions.ts) or 'reviewer' (a current version_choices row).
  standing_how       text NOT NULL DEFAULT 'default' CHECK (standing_how IN ('default', 'reviewer')),
  -- Vietnamese, shown to reviewers as is.
  standing_reason    text NOT NULL DEFAULT '',
  versions           integer NOT NULL DEFAULT 0,
  -- The review item of a group with several versions: open until a reviewer chooses, reopened when
  -- a new version arrives or the choice is reverted. NULL for a group of one version.
  review_status      text CHECK (review_status IN ('open', 'resolved')),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_groups_review_idx ON report_groups (review_status) WHERE review_status IS NOT NULL;

ALTER TABLE reports ADD COLUMN group_id integer REFERENCES report_groups (id);
-- What the default choice and the cross-report rules read without opening the record.
ALTER TABLE reports ADD COLUMN period_raw text;
ALTER TABLE reports ADD COLUMN signed boolean NOT NULL DEFAULT false;
ALTER TABLE reports ADD COLUMN draft boolean NOT NULL DEFAULT false;
ALTER TABLE reports ADD COLUMN scanned boolean NOT NULL DEFAULT false;
CREATE INDEX reports_group_idx ON reports (group_id);

-- Reviewers' choices of the standing version: append-only like corrections (a revert is a new row
-- pointing at the one it undoes). The current choice of a group is its newest row that is neither
-- a revert nor reverted. Field-by-field picks are corrections of the standing version (corrections
-- table), so they are audited and reverted the same way as any correction.
CREATE TABLE version_choices (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id   integer NOT NULL REFERENCES report_groups (id),
  report_id  integer NOT NULL REFERENCES reports (id),
  -- The version that stood before this row (for the history: from what, to what).
  previous_report_id integer REFERENCES reports (id),
  reason     text NOT NULL,
  author     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  reverts    integer UNIQUE REFERENCES version_choices (id)
);
CREATE INDEX version_choices_group_idx ON version_choices (group_id);

CREATE TRIGGER version_choices_no_update_delete BEFORE UPDATE OR DELETE ON version_choices
  FOR EACH ROW EXECUTE FUNCTION corrections_append_only();
CREATE TRIGGER version_choices_no_truncate BEFORE TRUNCATE ON version_choices
  FOR EACH STATEMENT EXECUTE FUNCTION corrections_append_only();

-- Existing reports: the index columns from their records, then one group per unit and period.
UPDATE reports SET
  period_raw = record->'report'->'period'->>'raw',
  signed = COALESCE(record->'report'->'signer'->>'name', '') <> '',
  draft = COALESCE(record->'report'->>'title', '') ~* 'dự thảo' OR COALESCE(record->'report'->>'title', '') ~ 'DỰ THẢO',
  scanned = jsonb_path_exists(record, '$.pageInfo[*] ? (@.method == "ocr")');

INSERT INTO report_groups (group_key)
SELECT DISTINCT CASE
  WHEN unit_key IS NOT NULL AND period_year IS NOT NULL AND period_kind IS NOT NULL AND period_kind <> 'unknown'
  THEN unit_key || '#' || period_kind || ':' || COALESCE(period_number::text, '') || ':' || period_year::text
  ELSE 'sha:' || source_sha256 END
FROM reports;

UPDATE reports r SET group_id = g.id FROM report_groups g
WHERE g.group_key = CASE
  WHEN r.unit_key IS NOT NULL AND r.period_year IS NOT NULL AND r.period_kind IS NOT NULL AND r.period_kind <> 'unknown'
  THEN r.unit_key || '#' || r.period_kind || ':' || COALESCE(r.period_number::text, '') || ':' || r.period_year::text
  ELSE 'sha:' || r.source_sha256 END;

-- The default choice as versions.ts makes it (signed and not a draft, then the latest date, then
-- born-digital over scanned, then the latest stored); the next store in a group re-decides it with
-- its full reasoning.
UPDATE report_groups g SET
  versions = v.n,
  review_status = CASE WHEN v.n > 1 THEN 'open' END,
  standing_report_id = v.best,
  standing_reason = CASE WHEN v.n > 1 THEN 'Chọn tự động khi nâng cấp dữ liệu: bản đã ký có ngày báo cáo muộn nhất.' ELSE 'Bản duy nhất của báo cáo này.' END
FROM (
  SELECT group_id, count(*)::int AS n,
    (array_agg(id ORDER BY (signed AND NOT draft) DESC, report_date DESC NULLS LAST, scanned ASC, id DESC))[1] AS best
  FROM reports GROUP BY group_id
) v
WHERE v.group_id = g.id;

-- Two files of one unit and period are now one review item of the group, not a warning per
-- differing field per pair of files: the open duplicate_import warnings are closed as the rules'.
UPDATE conflicts SET status = 'resolved', resolution_how = 'auto', resolved_by = 'rules', resolved_at = now(),
  resolution_note = 'Thay bằng mục rà soát các phiên bản của báo cáo.'
WHERE rule = 'duplicate_import' AND status = 'open';
