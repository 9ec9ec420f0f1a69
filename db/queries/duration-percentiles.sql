-- Duration of completed executions per job over the last 7 days: count and percentiles, in seconds.
-- Compare p95 and max with the job's max-duration.
SELECT i.job_name,
       count(*)                                                                                         AS executions,
       round(percentile_cont(0.50) WITHIN GROUP (ORDER BY extract(epoch FROM e.end_time - e.start_time))::numeric, 3) AS p50_s,
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM e.end_time - e.start_time))::numeric, 3) AS p95_s,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM e.end_time - e.start_time))::numeric, 3) AS p99_s,
       round(max(extract(epoch FROM e.end_time - e.start_time))::numeric, 3)                            AS max_s
  FROM datasync.batch_job_execution e
  JOIN datasync.batch_job_instance i USING (job_instance_id)
 WHERE e.status = 'COMPLETED'
   AND e.start_time > localtimestamp - interval '7 days'
 GROUP BY i.job_name
 ORDER BY i.job_name;
