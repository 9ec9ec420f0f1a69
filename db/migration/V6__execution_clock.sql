-- Every job execution's start and end on PostgreSQL's clock (issue: schedules and staleness must not
-- depend on replicas' wall clocks agreeing). Spring Batch stamps start_time and end_time with the
-- clock of whichever JVM ran the execution; a trigger records the same moments with
-- clock_timestamp(), so that "due" (last end + fixed delay) and "late" are judged on one clock, the
-- one every replica's own clock (io.scalepoc.support.jdbc.PostgresClock) follows.
CREATE TABLE datasync.execution_clock (
    job_execution_id BIGINT      PRIMARY KEY
                                 REFERENCES datasync.batch_job_execution (job_execution_id) ON DELETE CASCADE,
    started_at       TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    ended_at         TIMESTAMPTZ
);

CREATE FUNCTION datasync.record_execution_clock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO datasync.execution_clock (job_execution_id, ended_at)
        VALUES (NEW.job_execution_id, CASE WHEN NEW.end_time IS NOT NULL THEN clock_timestamp() END)
        ON CONFLICT (job_execution_id) DO NOTHING;
    ELSIF NEW.end_time IS NOT NULL AND OLD.end_time IS NULL THEN
        INSERT INTO datasync.execution_clock (job_execution_id, ended_at)
        VALUES (NEW.job_execution_id, clock_timestamp())
        ON CONFLICT (job_execution_id) DO UPDATE SET ended_at = excluded.ended_at
            WHERE datasync.execution_clock.ended_at IS NULL;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER record_execution_clock
    AFTER INSERT OR UPDATE OF end_time ON datasync.batch_job_execution
    FOR EACH ROW EXECUTE FUNCTION datasync.record_execution_clock();

-- Which replicas reach PostgreSQL: each replica's claim loop records itself here every claim
-- interval (clock_timestamp(), PostgreSQL's clock). A replica with a live member lease that has not
-- checked in lately cannot run jobs (it holds leases it cannot use), so no global monitor is handed
-- over to it.
CREATE TABLE datasync.replica_presence (
    instance_id VARCHAR(200) PRIMARY KEY,
    seen_at     TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
