package io.scalepoc.control.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.control.Trigger;
import io.scalepoc.control.TriggerParameters;
import io.scalepoc.control.TriggerQueue;
import io.scalepoc.control.TriggerRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link TriggerQueue} over {@code datasync.job_trigger} (V14); times are PostgreSQL's. The bound on
 * waiting triggers holds under concurrent requests: each request locks its job's {@code job_control}
 * row before it counts, in one transaction.
 */
public class JdbcTriggerQueue implements TriggerQueue {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {};
    private static final int MAX_REASON = 2500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public JdbcTriggerQueue(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public OptionalLong enqueue(String jobName, String by, Map<String, Object> parameters, int maxPending) {
        String json = JSON.writeValueAsString(parameters);
        Long id = transactions.execute(status -> {
            jdbc.update(
                    """
                    INSERT INTO datasync.job_control AS c (job_name) VALUES (?)
                    ON CONFLICT (job_name) DO UPDATE SET updated_at = clock_timestamp()
                    """,
                    jobName);
            if (pending(jobName) >= maxPending) {
                return null;
            }
            return jdbc.queryForObject(
                    """
                    INSERT INTO datasync.job_trigger (trigger_id, job_name, requested_by, parameters)
                    VALUES (nextval('datasync.trigger_id_seq'), ?, ?, ?)
                    RETURNING trigger_id
                    """,
                    Long.class,
                    jobName,
                    by,
                    json);
        });
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    @Override
    public Optional<Trigger> takeNext(String jobName, long epoch) {
        return jdbc
                .query(
                        """
                        UPDATE datasync.job_trigger SET state = 'STARTED', taken_epoch = ?, taken_at = clock_timestamp()
                         WHERE trigger_id = (SELECT trigger_id FROM datasync.job_trigger
                                              WHERE job_name = ? AND state = 'PENDING'
                                              ORDER BY trigger_id LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING trigger_id, parameters
                        """,
                        (rs, row) -> new Trigger(
                                rs.getLong("trigger_id"),
                                TriggerParameters.of(JSON.readValue(rs.getString("parameters"), PARAMETERS))),
                        epoch,
                        jobName)
                .stream()
                .findFirst();
    }

    @Override
    public void putBack(long triggerId) {
        jdbc.update(
                """
                UPDATE datasync.job_trigger SET state = 'PENDING', taken_epoch = NULL, taken_at = NULL
                 WHERE trigger_id = ? AND state = 'STARTED'
                """,
                triggerId);
    }

    @Override
    public void ended(long triggerId, String outcome, OptionalLong executionId, String reason) {
        jdbc.update(
                """
                UPDATE datasync.job_trigger
                   SET state = 'ENDED', outcome = ?, job_execution_id = ?, reason = ?, ended_at = clock_timestamp()
                 WHERE trigger_id = ?
                """,
                outcome,
                executionId.isPresent() ? executionId.getAsLong() : null,
                reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON),
                triggerId);
    }

    @Override
    public int requeueAbandoned(String jobName, long epoch) {
        return jdbc.update(
                """
                UPDATE datasync.job_trigger t SET state = 'PENDING', taken_epoch = NULL, taken_at = NULL
                 WHERE t.job_name = ? AND t.state = 'STARTED' AND t.taken_epoch < ?
                   AND NOT EXISTS (SELECT 1
                                     FROM datasync.batch_job_instance i
                                     JOIN datasync.batch_job_execution e ON e.job_instance_id = i.job_instance_id
                                     JOIN datasync.batch_job_execution_params p
                                       ON p.job_execution_id = e.job_execution_id AND p.parameter_name = 'trigger.id'
                                    WHERE i.job_name = t.job_name AND p.parameter_value = t.trigger_id::text)
                """,
                jobName,
                epoch);
    }

    @Override
    public Optional<TriggerRecord> find(String jobName, long triggerId) {
        return jdbc
                .query(
                        """
                        SELECT trigger_id, job_name, requested_by, requested_at, parameters, state, outcome, job_execution_id, reason
                          FROM datasync.job_trigger WHERE job_name = ? AND trigger_id = ?
                        """,
                        JdbcTriggerQueue::record,
                        jobName,
                        triggerId)
                .stream()
                .findFirst();
    }

    @Override
    public int pending(String jobName) {
        Integer count = jdbc.queryForObject(
                "SELECT count(*) FROM datasync.job_trigger WHERE job_name = ? AND state = 'PENDING'",
                Integer.class,
                jobName);
        return count == null ? 0 : count;
    }

    private static TriggerRecord record(ResultSet rs, int row) throws SQLException {
        long execution = rs.getLong("job_execution_id");
        OptionalLong executionId = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(execution);
        return new TriggerRecord(
                rs.getLong("trigger_id"),
                rs.getString("job_name"),
                rs.getString("requested_by"),
                instant(rs.getTimestamp("requested_at")),
                TriggerParameters.of(JSON.readValue(rs.getString("parameters"), PARAMETERS)),
                rs.getString("state"),
                rs.getString("outcome"),
                executionId,
                rs.getString("reason"));
    }
}
