package io.scalepoc.ownership.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.ownership.EpochFence;
import io.scalepoc.ownership.EpochRecord;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.StaleEpochException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Epochs in {@code datasync.job_epoch}, with every acquisition recorded in {@code datasync.job_epoch_history}.
 *
 * <p>The fence's share lock on the epoch row is what makes a takeover wait for a chunk that is
 * committing. An owner frozen inside that transaction (a stop-the-world pause, a frozen VM, {@code
 * SIGSTOP}) would make the adopter's {@link #advance} wait for as long as the freeze lasts, with
 * the claim thread stuck. So the fence also sets {@code idle_in_transaction_session_timeout} to the
 * lease duration for the rest of its transaction: PostgreSQL ends a session that has said nothing
 * for a whole lease inside a fenced transaction, rolling the chunk back, by which time the frozen
 * owner's lease has run out anyway. And {@link #advance} gives up after two leases (a JDBC query
 * timeout), so that whatever else holds the row cannot stall claiming: the lease is released and
 * the job is tried again at the next sweep. Two, so that a frozen fenced transaction is always
 * ended by PostgreSQL before the advance waiting for it gives up, even when the advance began at
 * the moment of the freeze.
 */
public class JdbcEpochStore implements EpochStore, EpochFence {

    private final JdbcTemplate jdbc;
    private final JdbcTemplate advancing;
    private final Clock clock;
    private final String idleTimeoutMillis;

    /**
     * @param frozenOwnerLimit how long a fenced transaction may sit idle before PostgreSQL ends it
     *     (the lease duration); an epoch advance waits at most twice that for the row
     */
    public JdbcEpochStore(JdbcTemplate jdbc, Clock clock, Duration frozenOwnerLimit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.idleTimeoutMillis = Long.toString(frozenOwnerLimit.toMillis());
        this.advancing = new JdbcTemplate(jdbc.getDataSource());
        this.advancing.setQueryTimeout(
                (int) Math.max(1, frozenOwnerLimit.multipliedBy(2).toSeconds()));
    }

    @Override
    public long advance(String jobName, String owner) {
        // One statement: the history row is written after the upsert holds the epoch row's lock.
        Long epoch = advancing.queryForObject(
                """
                WITH advanced AS (
                    INSERT INTO datasync.job_epoch (job_name, epoch, owner, acquired_at)
                    VALUES (?, 1, ?, ?)
                    ON CONFLICT (job_name) DO UPDATE
                       SET epoch = datasync.job_epoch.epoch + 1, owner = EXCLUDED.owner,
                           acquired_at = EXCLUDED.acquired_at, released_at = NULL
                    RETURNING job_name, epoch, owner)
                INSERT INTO datasync.job_epoch_history (job_name, epoch, owner)
                SELECT job_name, epoch, owner FROM advanced
                RETURNING epoch
                """,
                Long.class,
                jobName,
                owner,
                Timestamp.from(clock.instant()));
        return epoch;
    }

    @Override
    public void markReleased(String jobName, long epoch) {
        jdbc.update(
                "UPDATE datasync.job_epoch SET released_at = ? WHERE job_name = ? AND epoch = ?",
                Timestamp.from(clock.instant()),
                jobName,
                epoch);
    }

    @Override
    public OptionalLong current(String jobName) {
        List<Long> current =
                jdbc.queryForList("SELECT epoch FROM datasync.job_epoch WHERE job_name = ?", Long.class, jobName);
        return current.isEmpty() ? OptionalLong.empty() : OptionalLong.of(current.get(0));
    }

    @Override
    public Map<String, EpochRecord> records() {
        Map<String, EpochRecord> records = new LinkedHashMap<>();
        jdbc.query(
                "SELECT job_name, epoch, owner, acquired_at, released_at FROM datasync.job_epoch ORDER BY job_name",
                rs -> {
                    records.put(
                            rs.getString("job_name"),
                            new EpochRecord(
                                    rs.getString("job_name"),
                                    rs.getLong("epoch"),
                                    rs.getString("owner"),
                                    rs.getTimestamp("acquired_at").toInstant(),
                                    instant(rs.getTimestamp("released_at"))));
                });
        return records;
    }

    @Override
    public void check(String jobName, long epoch) {
        // set_config(..., true) lasts until the end of the chunk's transaction; see the class comment.
        List<Long> current = jdbc.queryForList(
                """
                SELECT e.epoch
                  FROM datasync.job_epoch e
                 CROSS JOIN (SELECT set_config('idle_in_transaction_session_timeout', ?, true)) AS guard
                 WHERE e.job_name = ?
                   FOR SHARE OF e
                """,
                Long.class,
                idleTimeoutMillis,
                jobName);
        Long currentEpoch = current.isEmpty() ? null : current.get(0);
        if (currentEpoch == null || currentEpoch != epoch) {
            throw new StaleEpochException(jobName, epoch, currentEpoch);
        }
    }
}
