-- Executions that failed, stopped or ended in an unknown state in the last 24 hours, newest first,
-- with the replica and epoch they ran under and why (exit message: exception, "Fenced: ...",
-- "Recovered by ...", "Superseded: ...").
SELECT i.job_name,
       e.job_execution_id,
       e.status,
       max(p.parameter_value) FILTER (WHERE p.parameter_name = 'owner')          AS owner,
       max(p.parameter_value) FILTER (WHERE p.parameter_name = 'epoch')::bigint  AS epoch,
       e.start_time,
       e.end_time,
       left(e.exit_message, 500)                                                 AS exit_message
  FROM datasync.batch_job_execution e
  JOIN datasync.batch_job_instance i USING (job_instance_id)
  LEFT JOIN datasync.batch_job_execution_params p USING (job_execution_id)
 WHERE e.status IN ('FAILED', 'STOPPED', 'UNKNOWN', 'ABANDONED')
   AND e.start_time > localtimestamp - interval '24 hours'
 GROUP BY i.job_name, e.job_execution_id
 ORDER BY e.start_time DESC;
