package io.scalepoc.support.jdbc;

import java.sql.Timestamp;
import java.time.Instant;

/** Reading timestamp columns that may be NULL. */
public final class JdbcTimes {

    private JdbcTimes() {}

    /** The instant of {@code timestamp}, or null for a NULL column. */
    public static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
