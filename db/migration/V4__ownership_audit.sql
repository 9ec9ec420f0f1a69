-- An audit trail of ownership and of committed work, both stamped by PostgreSQL's own clock.

-- Every acquisition of every job: who took which epoch when. Written in the same statement that
-- increments job_epoch, after that statement has the row lock, so its time is after the commit of
-- any chunk that held the epoch row FOR SHARE.
CREATE TABLE datasync.job_epoch_history (
    job_name     VARCHAR(100) NOT NULL,
    epoch        BIGINT       NOT NULL,
    owner        VARCHAR(200) NOT NULL,
    acquired_at  TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (job_name, epoch)
);

-- Every committed table-sync chunk: written inside the chunk's transaction, after the epoch fence.
-- A chunk is "committed under a current epoch" when no later epoch of its job was acquired before it:
--   NOT EXISTS (SELECT 1 FROM datasync.job_epoch_history h
--                WHERE h.job_name = c.job_name AND h.epoch > c.epoch AND h.acquired_at < c.committed_at)
-- Rows older than you care about can be deleted at any time.
CREATE TABLE datasync.sync_chunk_log (
    id                BIGSERIAL    PRIMARY KEY,
    job_name          VARCHAR(100) NOT NULL,
    epoch             BIGINT       NOT NULL,
    job_execution_id  BIGINT       NOT NULL,
    owner             VARCHAR(200),
    rows_written      INT          NOT NULL,
    committed_at      TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX sync_chunk_log_job_idx ON datasync.sync_chunk_log (job_name, committed_at);
