-- Executions per replica (owner) over the last 24 hours: how work is spread across the cluster.
SELECT o.parameter_value                                     AS owner,
       count(*)                                              AS executions,
       count(*) FILTER (WHERE e.status = 'COMPLETED')        AS completed,
       count(*) FILTER (WHERE e.status = 'FAILED')           AS failed,
       count(DISTINCT i.job_name)                            AS jobs,
       string_agg(DISTINCT i.job_name, ', ')                 AS job_names,
       max(e.start_time)                                     AS last_start
  FROM datasync.batch_job_execution e
  JOIN datasync.batch_job_instance i USING (job_instance_id)
  JOIN datasync.batch_job_execution_params o ON o.job_execution_id = e.job_execution_id AND o.parameter_name = 'owner'
 WHERE e.start_time > localtimestamp - interval '24 hours'
 GROUP BY o.parameter_value
 ORDER BY executions DESC;
