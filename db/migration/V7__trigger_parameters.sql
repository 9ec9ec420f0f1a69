-- A trigger through the control API may carry job parameters (a JSON object of strings, integers,
-- decimals and booleans) and gets an id to follow it by: the run it starts carries the job
-- parameter 'trigger.id'.
CREATE SEQUENCE datasync.trigger_id_seq;
ALTER TABLE datasync.job_control
    ADD COLUMN trigger_id BIGINT,
    ADD COLUMN trigger_parameters TEXT;
