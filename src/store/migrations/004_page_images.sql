-- Issue 18: a correction typed from the printed page records which page and box of which file the
-- reviewer read it from. A table of its own beside the append-only corrections (one row per
-- correction, written in the correction's transaction), so corrections keep their shape and their
-- trigger; the page images themselves are files in a cache folder, not rows.
CREATE TABLE correction_sources (
  correction_id integer PRIMARY KEY REFERENCES corrections (id),
  source_sha256 text NOT NULL REFERENCES sources (sha256),
  page          integer NOT NULL CHECK (page > 0),
  -- [x0, y0, x1, y1] in PDF points, top-down (as pdftotext -bbox); null when only the page is known.
  box           jsonb CHECK (box IS NULL OR jsonb_array_length(box) = 4)
);

CREATE FUNCTION correction_sources_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'correction sources are append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER correction_sources_no_update_delete BEFORE UPDATE OR DELETE ON correction_sources
  FOR EACH ROW EXECUTE FUNCTION correction_sources_append_only();
