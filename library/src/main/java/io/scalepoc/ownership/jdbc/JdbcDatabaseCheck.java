package io.scalepoc.ownership.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.scalepoc.ownership.DatabaseCheck;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Check-ins in {@code datasync.replica_presence}, with a query timeout. Both the time of a check-in
 * and the age it is judged by are PostgreSQL's {@code clock_timestamp()}.
 *
 * <p>The check-ins go through a pool of their own (one connection, {@code scalepoc-presence}) to the
 * same database with the same credentials, never through the jobs' pool: a pool busy with long
 * runs must not read as "PostgreSQL does not answer" and make the replica give up every job it owns.
 * A PostgreSQL that really cannot be reached fails this pool's connection as well. When the
 * application's {@link DataSource} is not a Hikari pool (a team that brings its own), its
 * connections are used, and a warning says so.
 */
public class JdbcDatabaseCheck implements DatabaseCheck, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcDatabaseCheck.class);

    private final JdbcTemplate jdbc;
    private final String instanceId;
    private final HikariDataSource ownPool;

    public JdbcDatabaseCheck(DataSource dataSource, String instanceId, Duration timeout) {
        this.ownPool = ownPool(dataSource, timeout);
        this.jdbc = new JdbcTemplate(ownPool != null ? ownPool : dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
        this.instanceId = instanceId;
    }

    /** A one-connection pool like {@code shared}'s, or null when {@code shared} is not a Hikari pool. */
    private static HikariDataSource ownPool(DataSource shared, Duration timeout) {
        HikariDataSource hikari;
        try {
            hikari = shared.isWrapperFor(HikariDataSource.class) ? shared.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            hikari = null;
        }
        if (hikari == null || hikari.getJdbcUrl() == null) {
            log.warn(
                    "The DataSource is not a Hikari pool configured by URL; PostgreSQL check-ins share its connections, "
                            + "so a pool exhausted by running jobs reads as PostgreSQL not answering");
            return null;
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("scalepoc-presence");
        config.setJdbcUrl(hikari.getJdbcUrl());
        config.setUsername(hikari.getUsername());
        config.setPassword(hikari.getPassword());
        if (hikari.getDriverClassName() != null) {
            config.setDriverClassName(hikari.getDriverClassName());
        }
        config.setDataSourceProperties(hikari.getDataSourceProperties());
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setInitializationFailTimeout(-1); // start even while PostgreSQL is down: that is what it checks
        return new HikariDataSource(config);
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
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
    public void publishDeficit(int deficit) {
        try {
            jdbc.update("UPDATE datasync.replica_presence SET deficit = ? WHERE instance_id = ?", deficit, instanceId);
        } catch (DataAccessException e) {
            log.debug(
                    "Could not publish this replica's deficit: {}",
                    e.getMostSpecificCause().toString());
        }
    }

    @Override
    public Map<String, Integer> publishedDeficits(Duration within) {
        try {
            Map<String, Integer> deficits = new HashMap<>();
            jdbc.query(
                    "SELECT instance_id, deficit FROM datasync.replica_presence"
                            + " WHERE seen_at > clock_timestamp() - make_interval(secs => ?) AND deficit IS NOT NULL",
                    rs -> {
                        deficits.put(rs.getString("instance_id"), rs.getInt("deficit"));
                    },
                    within.toMillis() / 1000.0);
            return deficits;
        } catch (DataAccessException e) {
            log.debug("PostgreSQL does not answer: {}", e.getMostSpecificCause().toString());
            return Map.of();
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
