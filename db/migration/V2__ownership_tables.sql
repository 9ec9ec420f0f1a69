-- scale-poc's own tables.

-- job_epoch: the fencing token of every job. Incremented on each lease acquisition
-- (UPDATE ... SET epoch = epoch + 1 RETURNING epoch), stamped into every JobExecution's
-- parameters, and read FOR SHARE inside every chunk transaction: a chunk whose execution
-- carries an older epoch than the row here fails instead of committing.
CREATE TABLE datasync.job_epoch (
    job_name      VARCHAR(100) PRIMARY KEY,
    epoch         BIGINT       NOT NULL,
    owner         VARCHAR(200),
    acquired_at   TIMESTAMPTZ  NOT NULL,
    released_at   TIMESTAMPTZ
);

-- run.id of every launch: identifying job parameter, unique cluster-wide.
CREATE SEQUENCE datasync.job_run_id_seq;

-- Watermark of each table-sync job, advanced in the same transaction as the rows it covers.
-- (last_txid, last_version) is a keyset position over the source's (row_txid, row_version).
CREATE TABLE datasync.sync_watermark (
    job_name      VARCHAR(100) PRIMARY KEY,
    last_txid     BIGINT       NOT NULL DEFAULT 0,
    last_version  BIGINT       NOT NULL DEFAULT 0,
    rows_synced   BIGINT       NOT NULL DEFAULT 0,
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
