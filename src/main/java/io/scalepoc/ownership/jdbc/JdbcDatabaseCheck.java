package io.scalepoc.ownership.jdbc;

import io.scalepoc.ownership.DatabaseCheck;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Check-ins in {@code datasync.replica_presence}, through the replica's own connection pool (so a
 * pool whose connections cannot reach PostgreSQL counts as unreachable), with a query timeout.
 * Both the time of a check-in and the age it is judged by are PostgreSQL's {@code clock_timestamp()}.
 */
public class JdbcDatabaseCheck implements DatabaseCheck {

    private static final Logger log = LoggerFactory.getLogger(JdbcDatabaseCheck.class);

    private final JdbcTemplate jdbc;
    private final String instanceId;

    public JdbcDatabaseCheck(DataSource dataSource, String instanceId, Duration timeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
        this.instanceId = instanceId;
    }

    @Override
    public void checkOut() {
        try {
            jdbc.update("DELETE FROM datasync.replica_presence WHERE instance_id = ?", instanceId);
        } catch (DataAccessException e) {
            log.debug(
                    "Could not remove the check-in of a leaving replica: {}",
                    e.getMostSpecificCause().toString());
        }
    }

    @Override
    public boolean checkIn() {
        try {
            jdbc.update(
                    """
                    INSERT INTO datasync.replica_presence (instance_id, seen_at) VALUES (?, clock_timestamp())
                    ON CONFLICT (instance_id) DO UPDATE SET seen_at = excluded.seen_at
                    """,
                    instanceId);
            return true;
        } catch (DataAccessException e) {
            log.debug("PostgreSQL does not answer: {}", e.getMostSpecificCause().toString());
            return false;
        }
    }

    @Override
    public Set<String> checkedInWithin(Duration within) {
        try {
            return new HashSet<>(jdbc.queryForList(
                    "SELECT instance_id FROM datasync.replica_presence"
                            + " WHERE seen_at > clock_timestamp() - make_interval(secs => ?)",
                    String.class,
                    within.toMillis() / 1000.0));
        } catch (DataAccessException e) {
            log.debug("PostgreSQL does not answer: {}", e.getMostSpecificCause().toString());
            return Set.of();
        }
    }
}
