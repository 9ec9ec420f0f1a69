-- The change columns a declarative table-sync (or any TableSyncDefinition) reads a source table by:
-- add to your source table
--     row_txid    BIGINT NOT NULL DEFAULT 0,
--     row_version BIGINT NOT NULL DEFAULT 0
-- and
--     CREATE TRIGGER <table>_track BEFORE INSERT OR UPDATE ON <table>
--         FOR EACH ROW EXECUTE FUNCTION datasync.track_row_change();
--     CREATE INDEX <table>_change_idx ON <table> (row_txid, row_version);
-- row_txid is the writing transaction's id (the sync reads only below the oldest one still running,
-- so a late commit never lands behind its watermark), row_version a cluster-wide increasing number.
CREATE SEQUENCE datasync.row_version_seq;

CREATE FUNCTION datasync.track_row_change() RETURNS trigger AS $$
BEGIN
    NEW.row_txid := pg_current_xact_id()::text::bigint;
    NEW.row_version := nextval('datasync.row_version_seq');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
