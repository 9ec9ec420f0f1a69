package io.scalepoc.ownership.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.ownership.JobEvents;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /**
     * Every kind of event, from every table that tells one, each branch under its own condition
     * ({@code %1$s} … {@code %5$s}): the events of one job ({@link #story}) or of every job since a
     * time ({@link #since}).
     */
    private static final String EVENTS =
            """
            SELECT * FROM (
                SELECT h.job_name, h.acquired_at AS at, 'ACQUIRED' AS type, h.owner AS replica, h.epoch AS epoch,
                       NULL::text AS detail
                  FROM datasync.job_epoch_history h WHERE %1$s
                UNION ALL
                SELECT v.job_name, v.at, v.type, v.replica, v.epoch, v.detail FROM datasync.job_event v WHERE %2$s
                UNION ALL
                SELECT i.job_name, coalesce(c.ended_at, e.end_time) AS at,
                       CASE WHEN e.exit_message LIKE 'Fenced:%%' THEN 'FENCED'
                            WHEN e.exit_message LIKE 'Superseded:%%' THEN 'SUPERSEDED'
                            WHEN e.exit_message LIKE 'Recovered by %%' THEN 'RECOVERED'
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
                 WHERE %3$s AND e.status = 'FAILED' AND e.end_time IS NOT NULL
                UNION ALL
                SELECT a.job_name, a.first_seen, 'ALERT_OPENED', a.replica, NULL, a.type || ': ' || a.message
                  FROM datasync.alert a WHERE %4$s
                UNION ALL
                SELECT a.job_name, a.resolved_at, 'ALERT_RESOLVED', a.resolved_by, NULL, a.type
                  FROM datasync.alert a WHERE %5$s AND a.resolved_at IS NOT NULL
            ) story
            ORDER BY at DESC LIMIT ?
            """;

    private static final String STORY =
            EVENTS.formatted("h.job_name = ?", "v.job_name = ?", "i.job_name = ?", "a.job_name = ?", "a.job_name = ?");

    /** Every job's events since a time (the indexes of V10 find them). */
    private static final String SINCE = EVENTS.formatted(
            "h.acquired_at >= ?",
            "v.at >= ?",
            "c.ended_at >= ?",
            "a.first_seen >= ? AND a.job_name IS NOT NULL",
            "a.resolved_at >= ? AND a.job_name IS NOT NULL");

    /**
     * The replica each job belonged to at a time: its last acquisition before then, unless that
     * replica released or lost it before then.
     */
    private static final String OWNERS_AT =
            """
            SELECT j.job_name, last.replica
              FROM unnest(?::varchar[]) AS j(job_name)
             CROSS JOIN LATERAL (
                   SELECT type, replica FROM (
                       (SELECT h.acquired_at AS at, 'ACQUIRED' AS type, h.owner AS replica
                          FROM datasync.job_epoch_history h
                         WHERE h.job_name = j.job_name AND h.acquired_at < ?
                         ORDER BY h.epoch DESC LIMIT 1)
                       UNION ALL
                       (SELECT v.at, v.type, v.replica FROM datasync.job_event v
                         WHERE v.job_name = j.job_name AND v.at < ? AND v.type IN ('RELEASED', 'LOST')
                         ORDER BY v.at DESC LIMIT 1)
                   ) ownership
                   ORDER BY at DESC LIMIT 1) last
             WHERE last.type = 'ACQUIRED'
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
        return oldestFirst(jdbc.query(STORY, (rs, row) -> event(rs), job, job, job, job, job, limit));
    }

    @Override
    public List<JobEvent> since(Instant from, int limit) {
        OffsetDateTime at = from.atOffset(ZoneOffset.UTC);
        return oldestFirst(jdbc.query(
                SINCE, (rs, row) -> new JobEvent(rs.getString("job_name"), event(rs)), at, at, at, at, at, limit));
    }

    @Override
    public Map<String, String> ownersAt(Instant at, Collection<String> jobs) {
        OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
        Map<String, String> owners = new TreeMap<>();
        jdbc.query(
                connection -> {
                    PreparedStatement statement = connection.prepareStatement(OWNERS_AT);
                    statement.setArray(1, connection.createArrayOf("varchar", jobs.toArray()));
                    statement.setObject(2, time);
                    statement.setObject(3, time);
                    return statement;
                },
                (ResultSet rs) -> {
                    owners.put(rs.getString("job_name"), rs.getString("replica"));
                });
        return owners;
    }

    private static Event event(ResultSet rs) throws SQLException {
        return new Event(
                instant(rs.getTimestamp("at")),
                rs.getString("type"),
                rs.getString("replica"),
                rs.getObject("epoch") == null ? null : rs.getLong("epoch"),
                rs.getString("detail"));
    }

    private static <T> List<T> oldestFirst(List<T> newestFirst) {
        List<T> reversed = new ArrayList<>(newestFirst);
        Collections.reverse(reversed);
        return reversed;
    }
}
