package io.scalepoc.support.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PostgreSQL {@code LISTEN/NOTIFY}, shared by every replica. One connection listens to every
 * channel somebody subscribed to ({@link #on}) on thread {@code scalepoc-pg-listener}, started by
 * the first subscription and reconnecting with back-off when PostgreSQL goes away. Notifications are a
 * shortcut only: whatever they announce must also be found by polling, because a notification sent
 * while the listener reconnects is lost.
 */
public class PostgresNotifications {

    private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private static final Duration SUBSCRIBE_WAIT = Duration.ofSeconds(2);
    private static final int POLL_MILLIS = 200;

    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final Set<String> listened = ConcurrentHashMap.newKeySet();
    private volatile boolean listening;
    private volatile Thread listener;

    public PostgresNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Sends {@code payload} on {@code channel}; failures are logged at debug and otherwise ignored. */
    public void notify(String channel, String payload) {
        try {
            jdbc.queryForObject("SELECT pg_notify(?, ?)", Object.class, channel, payload);
        } catch (RuntimeException e) {
            log.debug("Could not notify '{}' on {}: {}", payload, channel, e.toString());
        }
    }

    /**
     * Delivers the payload of every notification on {@code channel}, ours included, to {@code
     * handler}. Returns once the listener connection listens to the channel (or after two seconds
     * if PostgreSQL does not answer), so that a notification sent after this call is not missed.
     */
    public void on(String channel, Consumer<String> handler) {
        subscribe(channel, handler);
        long deadline = System.nanoTime() + SUBSCRIBE_WAIT.toNanos();
        synchronized (listened) {
            while (!listened.contains(channel) && System.nanoTime() < deadline) {
                try {
                    listened.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private synchronized void subscribe(String channel, Consumer<String> handler) {
        if (!channel.matches("[a-z_]{1,63}")) {
            throw new IllegalArgumentException("Not a channel name: " + channel);
        }
        handlers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(handler);
        if (!listening) {
            listening = true;
            listener = new Thread(this::loop, "scalepoc-pg-listener");
            listener.setDaemon(true);
            listener.start();
        }
    }

    private void loop() {
        long backoffMillis = 500;
        while (listening) {
            try (Connection connection = dataSource.getConnection()) {
                listened.clear();
                PGConnection pg = connection.unwrap(PGConnection.class);
                backoffMillis = 500;
                while (listening) {
                    listenToNewChannels(connection);
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            deliver(notification.getName(), notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!listening) {
                    return;
                }
                log.debug(
                        "Notification listener lost its connection, retrying in {} ms: {}",
                        backoffMillis,
                        e.toString());
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

    /** Subscriptions made after the connection was opened are picked up here, on the listener thread. */
    private void listenToNewChannels(Connection connection) throws SQLException {
        for (String channel : handlers.keySet()) {
            if (!listened.contains(channel)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                synchronized (listened) {
                    listened.add(channel);
                    listened.notifyAll();
                }
            }
        }
    }

    private void deliver(String channel, String payload) {
        for (Consumer<String> handler : handlers.getOrDefault(channel, List.of())) {
            try {
                handler.accept(payload);
            } catch (RuntimeException e) {
                log.error("Handling notification '{}' on {} failed", payload, channel, e);
            }
        }
    }

    /** Stops listening and waits for the listener thread to end. */
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
