-- The most recent execution of every job: status, owner (replica instance id), epoch, times, rows.
-- Schema datasync (scale-poc's Spring Batch tables). Run as is in psql.
SELECT DISTINCT ON (i.job_name)
       i.job_name,
       e.job_execution_id,
       e.status,
       e.exit_code,
       max(p.parameter_value) FILTER (WHERE p.parameter_name = 'owner')                AS owner,
       max(p.parameter_value) FILTER (WHERE p.parameter_name = 'epoch')::bigint        AS epoch,
       max(p.parameter_value) FILTER (WHERE p.parameter_name = 'run.id')::bigint       AS run_id,
       e.start_time,
       e.end_time,
       e.end_time - e.start_time                                                      AS duration,
       (SELECT coalesce(sum(s.write_count), 0)::bigint FROM datasync.batch_step_execution s
         WHERE s.job_execution_id = e.job_execution_id)                               AS rows_written
  FROM datasync.batch_job_execution e
  JOIN datasync.batch_job_instance i USING (job_instance_id)
  LEFT JOIN datasync.batch_job_execution_params p USING (job_execution_id)
 GROUP BY i.job_name, e.job_execution_id
 ORDER BY i.job_name, e.job_execution_id DESC;
