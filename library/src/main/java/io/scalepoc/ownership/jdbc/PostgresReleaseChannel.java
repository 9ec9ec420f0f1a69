package io.scalepoc.ownership.jdbc;

import io.scalepoc.ownership.ReleaseChannel;
import io.scalepoc.support.jdbc.PostgresNotifications;
import java.util.function.Consumer;

/**
 * Release announcements over PostgreSQL {@code LISTEN/NOTIFY} on channel {@code
 * scalepoc_lease_released}, which every replica already shares. {@link #announce} notifies (after
 * the lease is deleted); {@link #listen} delivers every announcement. Announcements are a
 * shortcut, never the only path: the claim loop still sweeps every claim interval.
 */
public class PostgresReleaseChannel implements ReleaseChannel {

    public static final String CHANNEL = "scalepoc_lease_released";

    private final PostgresNotifications notifications;

    public PostgresReleaseChannel(PostgresNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void announce(String jobName) {
        notifications.notify(CHANNEL, jobName);
    }

    /** Starts listening; {@code onRelease} gets the job name of every announcement, ours included. */
    @Override
    public void listen(Consumer<String> onRelease) {
        notifications.on(CHANNEL, onRelease);
    }

    /** Stops listening (to every channel: this happens at shutdown). */
    @Override
    public void stop() {
        notifications.stop();
    }
}
