-- The status page's run timeline (GET /api/overview) reads every job's runs and events of the last
-- minutes or hours: find them by time, whatever the size of the history.
CREATE INDEX execution_clock_ended_idx ON datasync.execution_clock (ended_at);
CREATE INDEX job_epoch_history_acquired_idx ON datasync.job_epoch_history (acquired_at);
CREATE INDEX job_event_at_idx ON datasync.job_event (at);
CREATE INDEX alert_first_seen_idx ON datasync.alert (first_seen);
