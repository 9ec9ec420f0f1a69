package io.scalepoc.ownership.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.ownership.JobEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link JobEvents} over {@code datasync.job_event} for what only the replicas know (releases,
 * lost leases, control requests), read together with what the other tables tell: acquisitions
 * ({@code job_epoch_history}), executions that were fenced, superseded, recovered or failed (Spring
 * Batch's metadata, ended on PostgreSQL's clock where {@code execution_clock} has it), and alerts
 * opened and resolved ({@code alert}).
 */
public class JdbcJobEvents implements JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JdbcJobEvents.class);

    private static final String STORY =
            """
            SELECT * FROM (
                SELECT h.acquired_at AS at, 'ACQUIRED' AS type, h.owner AS replica, h.epoch AS epoch,
                       NULL::text AS detail
                  FROM datasync.job_epoch_history h WHERE h.job_name = ?
                UNION ALL
                SELECT v.at, v.type, v.replica, v.epoch, v.detail FROM datasync.job_event v WHERE v.job_name = ?
                UNION ALL
                SELECT coalesce(c.ended_at, e.end_time) AS at,
                       CASE WHEN e.exit_message LIKE 'Fenced:%' THEN 'FENCED'
                            WHEN e.exit_message LIKE 'Superseded:%' THEN 'SUPERSEDED'
                            WHEN e.exit_message LIKE 'Recovered by %' THEN 'RECOVERED'
                            ELSE 'FAILED' END AS type,
                       o.parameter_value AS replica, ep.parameter_value::bigint AS epoch,
                       'execution ' || e.job_execution_id || ': ' || left(e.exit_message, 500) AS detail
                  FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                  LEFT JOIN datasync.execution_clock c ON c.job_execution_id = e.job_execution_id
                  LEFT JOIN datasync.batch_job_execution_params o
                         ON o.job_execution_id = e.job_execution_id AND o.parameter_name = 'owner'
                  LEFT JOIN datasync.batch_job_execution_params ep
                         ON ep.job_execution_id = e.job_execution_id AND ep.parameter_name = 'epoch'
                 WHERE i.job_name = ? AND e.status = 'FAILED' AND e.end_time IS NOT NULL
                UNION ALL
                SELECT a.first_seen, 'ALERT_OPENED', a.replica, NULL, a.type || ': ' || a.message
                  FROM datasync.alert a WHERE a.job_name = ?
                UNION ALL
                SELECT a.resolved_at, 'ALERT_RESOLVED', a.resolved_by, NULL, a.type
                  FROM datasync.alert a WHERE a.job_name = ? AND a.resolved_at IS NOT NULL
            ) story
            ORDER BY at DESC LIMIT ?
            """;

    private final JdbcTemplate jdbc;

    public JdbcJobEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(String job, String type, String replica, Long epoch, String detail) {
        try {
            jdbc.update(
                    "INSERT INTO datasync.job_event (job_name, type, replica, epoch, detail) VALUES (?, ?, ?, ?, ?)",
                    job,
                    type,
                    replica,
                    epoch,
                    detail);
        } catch (RuntimeException e) {
            log.debug("Could not record event {} of job '{}': {}", type, job, e.toString());
        }
    }

    @Override
    public List<Event> story(String job, int limit) {
        List<Event> newestFirst = jdbc.query(
                STORY,
                (rs, row) -> new Event(
                        instant(rs.getTimestamp("at")),
                        rs.getString("type"),
                        rs.getString("replica"),
                        rs.getObject("epoch") == null ? null : rs.getLong("epoch"),
                        rs.getString("detail")),
                job,
                job,
                job,
                job,
                job,
                limit);
        List<Event> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }
}
