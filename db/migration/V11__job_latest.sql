-- The latest execution and the last end of every job, one row per job, kept by the trigger that
-- already records executions' starts and ends on PostgreSQL's clock (V6). Due times (every tick of
-- every job), the monitors' freshness checks, the metrics and the API's and status page's latest runs
-- read these rows instead of aggregating the whole Spring Batch metadata, so they stay index lookups
-- however many executions the retention keeps (docs/benchmarks.md: EXPLAIN at 1,000,000 executions).
CREATE TABLE datasync.job_latest (
    job_name            VARCHAR(100) PRIMARY KEY,
    latest_execution_id BIGINT       NOT NULL,
    last_end_at         TIMESTAMPTZ
);

CREATE OR REPLACE FUNCTION datasync.record_execution_clock() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    job VARCHAR(100);
    ended TIMESTAMPTZ;
BEGIN
    SELECT job_name INTO job FROM datasync.batch_job_instance WHERE job_instance_id = NEW.job_instance_id;
    IF TG_OP = 'INSERT' THEN
        ended := CASE WHEN NEW.end_time IS NOT NULL THEN clock_timestamp() END;
        INSERT INTO datasync.execution_clock (job_execution_id, ended_at)
        VALUES (NEW.job_execution_id, ended)
        ON CONFLICT (job_execution_id) DO NOTHING;
        INSERT INTO datasync.job_latest AS l (job_name, latest_execution_id, last_end_at)
        VALUES (job, NEW.job_execution_id, ended)
        ON CONFLICT (job_name) DO UPDATE
            SET latest_execution_id = greatest(l.latest_execution_id, excluded.latest_execution_id),
                last_end_at = greatest(l.last_end_at, excluded.last_end_at);
    ELSIF NEW.end_time IS NOT NULL AND OLD.end_time IS NULL THEN
        ended := clock_timestamp();
        INSERT INTO datasync.execution_clock (job_execution_id, ended_at)
        VALUES (NEW.job_execution_id, ended)
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

-- What the metadata already holds: the last end on PostgreSQL's clock, or Spring Batch's own end time
-- for a job none of whose ended executions has one (recorded before V6).
INSERT INTO datasync.job_latest (job_name, latest_execution_id, last_end_at)
SELECT i.job_name,
       max(e.job_execution_id),
       coalesce(max(c.ended_at) FILTER (WHERE e.end_time IS NOT NULL),
                max(e.end_time)::timestamptz)
  FROM datasync.batch_job_execution e
  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
  LEFT JOIN datasync.execution_clock c ON c.job_execution_id = e.job_execution_id
 GROUP BY i.job_name;

-- A job's story (GET /api/jobs/{job}/events) reads its alerts by job.
CREATE INDEX alert_job_idx ON datasync.alert (job_name, first_seen);
