-- Alerts raised by the self-monitor and the global monitors, and the control state of each job.
-- Every time in these tables is PostgreSQL's clock, so replicas never compare their own clocks.

-- One row per occurrence of a condition. At most one open row per (type, job): raising an open
-- alert again only refreshes last_seen and the message. job is '' for cluster-wide alerts.
CREATE TABLE datasync.alert (
    id           BIGSERIAL     PRIMARY KEY,
    type         VARCHAR(40)   NOT NULL,
    job_name     VARCHAR(100)  NOT NULL DEFAULT '',
    replica      VARCHAR(200)  NOT NULL,
    message      TEXT          NOT NULL,
    first_seen   TIMESTAMPTZ   NOT NULL DEFAULT clock_timestamp(),
    last_seen    TIMESTAMPTZ   NOT NULL DEFAULT clock_timestamp(),
    resolved_at  TIMESTAMPTZ,
    resolved_by  VARCHAR(200)
);
CREATE UNIQUE INDEX alert_open_uq ON datasync.alert (type, job_name) WHERE resolved_at IS NULL;
CREATE INDEX alert_resolved_idx ON datasync.alert (resolved_at DESC) WHERE resolved_at IS NOT NULL;

-- Pause / trigger / release requests. The owner of a job reads its row on every tick (and is woken
-- through NOTIFY scalepoc_job_control when it changes). A missing row means "not paused, nothing requested".
CREATE TABLE datasync.job_control (
    job_name              VARCHAR(100) PRIMARY KEY,
    paused                BOOLEAN      NOT NULL DEFAULT false,
    paused_by             VARCHAR(200),
    paused_at             TIMESTAMPTZ,
    pause_reason          TEXT,
    trigger_requested_at  TIMESTAMPTZ,
    trigger_requested_by  VARCHAR(200),
    release_requested_at  TIMESTAMPTZ,
    release_requested_by  VARCHAR(200),
    updated_at            TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp()
);
