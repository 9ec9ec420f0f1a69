package io.scalepoc.control.jdbc;

import io.scalepoc.control.ControlChannel;
import io.scalepoc.support.jdbc.PostgresNotifications;
import java.util.function.Consumer;

/** {@link ControlChannel} over PostgreSQL {@code NOTIFY scalepoc_job_control, '<job>'}. */
public class PostgresControlChannel implements ControlChannel {

    public static final String CHANNEL = "scalepoc_job_control";

    private final PostgresNotifications notifications;

    public PostgresControlChannel(PostgresNotifications notifications) {
        this.notifications = notifications;
    }

    @Override
    public void changed(String jobName) {
        notifications.notify(CHANNEL, jobName);
    }

    @Override
    public void onChange(Consumer<String> handler) {
        notifications.on(CHANNEL, handler);
    }
}
