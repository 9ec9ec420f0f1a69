-- What is running now and where: executions the metadata records as running, with their owner and
-- epoch, and whether that epoch is still the job's current one (false: the owner lost the job; the
-- new owner recovers the execution on its next tick).
SELECT i.job_name,
       e.job_execution_id,
       e.status,
       o.parameter_value                          AS owner,
       ep.parameter_value::bigint                 AS epoch,
       ep.parameter_value::bigint = je.epoch      AS epoch_is_current,
       je.owner                                   AS current_owner,
       e.start_time,
       localtimestamp - e.start_time              AS running_for
  FROM datasync.batch_job_execution e
  JOIN datasync.batch_job_instance i USING (job_instance_id)
  LEFT JOIN datasync.batch_job_execution_params o ON o.job_execution_id = e.job_execution_id AND o.parameter_name = 'owner'
  LEFT JOIN datasync.batch_job_execution_params ep ON ep.job_execution_id = e.job_execution_id AND ep.parameter_name = 'epoch'
  LEFT JOIN datasync.job_epoch je ON je.job_name = i.job_name
 WHERE e.status IN ('STARTING', 'STARTED', 'STOPPING')
 ORDER BY e.start_time;
