-- Triggers are a queue: every accepted trigger is its own row, run by the job's owner one at a time,
-- oldest first, each once. PENDING: accepted, waiting for the owner; STARTED: taken by the owner of
-- epoch taken_epoch (its run carries the job parameter trigger.id); ENDED: its run ended
-- (outcome COMPLETED, FAILED, STOPPED…, with the execution) or it could not be launched (FAILED,
-- reason). Times are PostgreSQL's. job_control keeps its old trigger columns for replicas of the
-- previous version during a rolling update; nothing reads them any more.
CREATE TABLE datasync.job_trigger (
    trigger_id        BIGINT       PRIMARY KEY,
    job_name          VARCHAR(100) NOT NULL,
    requested_by      VARCHAR(200) NOT NULL,
    requested_at      TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    parameters        TEXT         NOT NULL DEFAULT '{}',
    state             VARCHAR(10)  NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'STARTED', 'ENDED')),
    taken_epoch       BIGINT,
    taken_at          TIMESTAMPTZ,
    job_execution_id  BIGINT,
    outcome           VARCHAR(20),
    reason            VARCHAR(2500),
    ended_at          TIMESTAMPTZ
);
-- a job's waiting (PENDING) and taken (STARTED) triggers, oldest first
CREATE INDEX job_trigger_job_idx ON datasync.job_trigger (job_name, state, trigger_id);
CREATE INDEX job_trigger_ended_idx ON datasync.job_trigger (ended_at) WHERE state = 'ENDED';

-- A trigger still pending in the old single slot becomes the first of its job's queue.
INSERT INTO datasync.job_trigger (trigger_id, job_name, requested_by, requested_at, parameters)
SELECT coalesce(trigger_id, nextval('datasync.trigger_id_seq')), job_name, coalesce(trigger_requested_by, 'unknown'),
       trigger_requested_at, coalesce(trigger_parameters, '{}')
  FROM datasync.job_control
 WHERE trigger_requested_at IS NOT NULL;
UPDATE datasync.job_control SET trigger_requested_at = NULL WHERE trigger_requested_at IS NOT NULL;
