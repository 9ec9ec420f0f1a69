package io.scalepoc.ownership.jdbc;

import io.scalepoc.ownership.ReleaseChannel;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Release announcements over PostgreSQL {@code LISTEN/NOTIFY} on channel {@code
 * scalepoc_lease_released}, which every replica already shares. {@link #announce} notifies (after
 * the lease is deleted); {@link #listen} keeps one connection listening on thread {@code
 * scalepoc-release-listener} and runs the callback for every announcement, reconnecting with
 * back-off when PostgreSQL goes away. Notifications are a shortcut, never the only path: the claim
 * loop still sweeps every claim interval.
 */
public class PostgresReleaseChannel implements ReleaseChannel {

    static final String CHANNEL = "scalepoc_lease_released";
    private static final Logger log = LoggerFactory.getLogger(PostgresReleaseChannel.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private volatile boolean listening;
    private volatile Thread listener;

    public PostgresReleaseChannel(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public void announce(String jobName) {
        try {
            jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, CHANNEL, jobName);
        } catch (RuntimeException e) {
            log.debug("Could not announce the release of job '{}': {}", jobName, e.toString());
        }
    }

    /** Starts listening; {@code onRelease} gets the job name of every announcement, ours included. */
    @Override
    public synchronized void listen(Consumer<String> onRelease) {
        if (listening) {
            return;
        }
        listening = true;
        listener = new Thread(() -> loop(onRelease), "scalepoc-release-listener");
        listener.setDaemon(true);
        listener.start();
    }

    private void loop(Consumer<String> onRelease) {
        long backoffMillis = 500;
        while (listening) {
            try (Connection listening = dataSource.getConnection()) {
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = listening.unwrap(PGConnection.class);
                backoffMillis = 500;
                while (this.listening) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            onRelease.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!listening) {
                    return;
                }
                log.debug("Release listener lost its connection, retrying in {} ms: {}", backoffMillis, e.toString());
                try {
                    Thread.sleep(backoffMillis); // back-off between reconnects, not waiting for an outcome
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    /** Stops listening and waits for the listener thread to end. */
    @Override
    public void stop() {
        listening = false;
        Thread thread = listener;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
