-- A job's story, besides what other tables already tell (acquisitions in job_epoch_history, alerts,
-- executions): releases and why, leases lost or in danger, and the control API's requests. Stamped by
-- PostgreSQL's clock; written best-effort (an event during a PostgreSQL outage is not recorded).
CREATE TABLE datasync.job_event (
    id        BIGSERIAL    PRIMARY KEY,
    job_name  VARCHAR(100) NOT NULL,
    at        TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    type      VARCHAR(40)  NOT NULL,
    replica   VARCHAR(200),
    epoch     BIGINT,
    detail    TEXT
);
CREATE INDEX job_event_job_idx ON datasync.job_event (job_name, at);
