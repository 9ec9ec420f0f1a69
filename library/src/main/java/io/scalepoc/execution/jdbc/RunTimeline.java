package io.scalepoc.execution.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.execution.RunGroup;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** The run timeline's query over the metadata, for {@link JdbcExecutionHistory#runsSince}. */
final class RunTimeline {

    private RunTimeline() {}

    /**
     * {@link #runsSince}: the window's runs (found by execution_clock's times on PostgreSQL's clock),
     * each with its outcome and rows written; the lag of each completed run from the start of the
     * previous completed one; grouped per job, outcome, owner, epoch, trigger and slot of the start.
     */
    private static String query(String summaryFrom) {
        return """
            WITH runs AS (
                SELECT i.job_name, e.job_execution_id AS id, c.started_at AS started, c.ended_at AS ended,
                       CASE WHEN e.status IN ('STARTING', 'STARTED', 'STOPPING') THEN 'RUNNING'
                            WHEN e.status = 'FAILED' AND e.exit_message LIKE 'Fenced:%' THEN 'FENCED'
                            WHEN e.status = 'FAILED' AND e.exit_message LIKE 'Superseded:%' THEN 'SUPERSEDED'
                            WHEN e.status = 'FAILED' AND e.exit_message LIKE 'Recovered by %' THEN 'RECOVERED'
                            ELSE e.status END AS outcome,
                       o.parameter_value AS owner, ep.parameter_value::bigint AS epoch,
                       t.parameter_value::bigint AS trigger_id,
                       (SELECT coalesce(sum(s.write_count), 0) FROM datasync.batch_step_execution s
                         WHERE s.job_execution_id = e.job_execution_id) AS written
            """
                + summaryFrom
                + """
                  LEFT JOIN datasync.batch_job_execution_params t
                         ON t.job_execution_id = e.job_execution_id AND t.parameter_name = 'trigger.id'
                 WHERE c.job_execution_id IS NOT NULL AND (c.ended_at >= ? OR c.ended_at IS NULL)
            """
                + """
            ), lags AS (
                SELECT id, ended - lag(started) OVER (PARTITION BY job_name ORDER BY id) AS lag
                  FROM runs WHERE outcome = 'COMPLETED'
            )
            SELECT r.job_name, r.outcome, r.owner, r.epoch, r.trigger_id,
                   floor(extract(epoch FROM r.started) * 1000 / ?) AS slot,
                   count(*) AS runs, min(r.id) AS first_id, max(r.id) AS last_id, min(r.started) AS started,
                   CASE WHEN bool_or(r.ended IS NULL) THEN NULL ELSE max(r.ended) END AS ended,
                   sum(r.written) AS written, extract(epoch FROM max(l.lag)) * 1000 AS lag_millis,
                   EXISTS (SELECT 1 FROM datasync.sync_watermark w WHERE w.job_name = r.job_name) AS table_sync
              FROM runs r LEFT JOIN lags l ON l.id = r.id
             GROUP BY r.job_name, r.outcome, r.owner, r.epoch, r.trigger_id, slot
             ORDER BY r.job_name, first_id
            """;
    }

    static List<RunGroup> runsSince(JdbcTemplate jdbc, String summaryFrom, Instant from, Duration resolution) {
        return jdbc.query(
                query(summaryFrom),
                (rs, row) -> {
                    String epoch = rs.getString("epoch");
                    String trigger = rs.getString("trigger_id");
                    boolean tableSync = rs.getBoolean("table_sync");
                    Object lag = tableSync ? rs.getObject("lag_millis") : null; // lag: a table sync's only
                    return new RunGroup(
                            rs.getString("job_name"),
                            rs.getString("outcome"),
                            rs.getString("owner"),
                            epoch == null ? null : Long.valueOf(epoch),
                            trigger == null ? null : Long.valueOf(trigger),
                            rs.getInt("runs"),
                            rs.getLong("first_id"),
                            rs.getLong("last_id"),
                            instant(rs.getTimestamp("started")),
                            instant(rs.getTimestamp("ended")),
                            rs.getLong("written"),
                            lag == null ? null : Duration.ofMillis(Math.round(rs.getDouble("lag_millis"))),
                            tableSync);
                },
                from.atOffset(ZoneOffset.UTC),
                Math.max(1, resolution.toMillis()));
    }
}
