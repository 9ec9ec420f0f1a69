package io.scalepoc.monitoring.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.monitoring.Alert;
import io.scalepoc.monitoring.AlertKey;
import io.scalepoc.monitoring.AlertStore;
import io.scalepoc.monitoring.AlertType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link AlertStore} over {@code datasync.alert}. Deduplication is the partial unique index on
 * (type, job_name) of open rows: two replicas raising the same alert at once produce one row.
 */
public class JdbcAlertStore implements AlertStore {

    private static final String COLUMNS =
            "id, type, job_name, replica, message, first_seen, last_seen, resolved_at, resolved_by";

    private final JdbcTemplate jdbc;

    public JdbcAlertStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Alert> raise(AlertKey key, String replica, String message) {
        // xmax = 0 only for a row this statement inserted, not for one it updated.
        List<Alert> opened = jdbc.query(
                """
                INSERT INTO datasync.alert AS a (type, job_name, replica, message)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (type, job_name) WHERE resolved_at IS NULL DO UPDATE
                   SET last_seen = clock_timestamp(), message = excluded.message, replica = excluded.replica
                RETURNING %s, (xmax = 0) AS inserted
                """
                        .formatted(COLUMNS),
                (rs, row) -> rs.getBoolean("inserted") ? alert(rs, row) : null,
                key.type().name(),
                key.job(),
                replica,
                message);
        return opened.stream().filter(alert -> alert != null).findFirst();
    }

    /** Resolves only an alert no check has raised for {@code quietPeriod}, judged on PostgreSQL's clock. */
    @Override
    public Optional<Alert> resolve(AlertKey key, String replica, Duration quietPeriod) {
        return jdbc
                .query(
                        """
                        UPDATE datasync.alert SET resolved_at = clock_timestamp(), resolved_by = ?
                         WHERE type = ? AND job_name = ? AND resolved_at IS NULL
                           AND last_seen <= clock_timestamp() - make_interval(secs => ?)
                        RETURNING %s
                        """
                                .formatted(COLUMNS),
                        JdbcAlertStore::alert,
                        replica,
                        key.type().name(),
                        key.job(),
                        quietPeriod.toMillis() / 1000.0)
                .stream()
                .findFirst();
    }

    @Override
    public List<Alert> open() {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM datasync.alert WHERE resolved_at IS NULL ORDER BY first_seen, id",
                JdbcAlertStore::alert);
    }

    @Override
    public List<Alert> resolved(int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS
                        + " FROM datasync.alert WHERE resolved_at IS NOT NULL ORDER BY resolved_at DESC, id DESC LIMIT ?",
                JdbcAlertStore::alert,
                limit);
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(
                rs.getLong("id"),
                AlertType.valueOf(rs.getString("type")),
                rs.getString("job_name"),
                rs.getString("replica"),
                rs.getString("message"),
                instant(rs.getTimestamp("first_seen")),
                instant(rs.getTimestamp("last_seen")),
                instant(rs.getTimestamp("resolved_at")),
                rs.getString("resolved_by"));
    }
}
