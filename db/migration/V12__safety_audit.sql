-- The global monitors' continuous safety audit (docs/monitoring.md "Safety audit"): every run reads
-- what was committed since its predecessor's audit and records each breach of the guarantees it
-- finds, once, with its evidence. Times are PostgreSQL's clock.

-- One row: since when the audit has run, and up to when the last run looked.
CREATE TABLE datasync.safety_audit (
    id             SMALLINT    PRIMARY KEY CHECK (id = 1),
    since          TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    audited_until  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
INSERT INTO datasync.safety_audit (id) VALUES (1);

-- Every violation found: OVERLAP (two COMPLETED runs of one job overlapping in time),
-- STALE_EPOCH_COMMIT (a chunk committed under an epoch older than the job's epoch at that moment).
-- The evidence names the executions or the chunk, so a violation seen by several runs is one row.
CREATE TABLE datasync.safety_violation (
    id         BIGSERIAL     PRIMARY KEY,
    type       VARCHAR(40)   NOT NULL,
    job_name   VARCHAR(100)  NOT NULL,
    evidence   VARCHAR(1000) NOT NULL,
    found_at   TIMESTAMPTZ   NOT NULL DEFAULT clock_timestamp(),
    found_by   VARCHAR(200)  NOT NULL,
    UNIQUE (type, evidence)
);

-- The audit reads chunks by commit time across all jobs.
CREATE INDEX sync_chunk_log_committed_idx ON datasync.sync_chunk_log (committed_at);

-- The overlap check compares each execution with the executions of the same job that ended during
-- it: execution_clock carries the job's name, kept by the trigger, with an index by job and end.
ALTER TABLE datasync.execution_clock ADD COLUMN job_name VARCHAR(100);
UPDATE datasync.execution_clock c SET job_name = i.job_name
  FROM datasync.batch_job_execution e
  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
 WHERE e.job_execution_id = c.job_execution_id;
CREATE INDEX execution_clock_job_ended_idx ON datasync.execution_clock (job_name, ended_at);

CREATE OR REPLACE FUNCTION datasync.record_execution_clock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    job VARCHAR(100);
    ended TIMESTAMPTZ;
BEGIN
    SELECT job_name INTO job FROM datasync.batch_job_instance WHERE job_instance_id = NEW.job_instance_id;
    IF TG_OP = 'INSERT' THEN
        ended := CASE WHEN NEW.end_time IS NOT NULL THEN clock_timestamp() END;
        INSERT INTO datasync.execution_clock (job_execution_id, ended_at, job_name)
        VALUES (NEW.job_execution_id, ended, job)
        ON CONFLICT (job_execution_id) DO NOTHING;
        INSERT INTO datasync.job_latest AS l (job_name, latest_execution_id, last_end_at)
        VALUES (job, NEW.job_execution_id, ended)
        ON CONFLICT (job_name) DO UPDATE
            SET latest_execution_id = greatest(l.latest_execution_id, excluded.latest_execution_id),
                last_end_at = greatest(l.last_end_at, excluded.last_end_at);
    ELSIF NEW.end_time IS NOT NULL AND OLD.end_time IS NULL THEN
        ended := clock_timestamp();
        INSERT INTO datasync.execution_clock (job_execution_id, ended_at, job_name)
        VALUES (NEW.job_execution_id, ended, job)
        ON CONFLICT (job_execution_id) DO UPDATE SET ended_at = excluded.ended_at
            WHERE datasync.execution_clock.ended_at IS NULL;
        INSERT INTO datasync.job_latest AS l (job_name, latest_execution_id, last_end_at)
        VALUES (job, NEW.job_execution_id, ended)
        ON CONFLICT (job_name) DO UPDATE
            SET latest_execution_id = greatest(l.latest_execution_id, excluded.latest_execution_id),
                last_end_at = greatest(l.last_end_at, excluded.last_end_at);
    END IF;
    RETURN NULL;
END
$$;
