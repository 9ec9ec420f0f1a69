package io.scalepoc.monitoring;

import java.time.Instant;

/**
 * One occurrence of a condition, deduplicated by type + job ({@code job} is empty for cluster-wide
 * alerts). {@code replica} is the one that last saw it; times are PostgreSQL's.
 */
public record Alert(
        long id,
        AlertType type,
        String job,
        String replica,
        String message,
        Instant firstSeen,
        Instant lastSeen,
        Instant resolvedAt,
        String resolvedBy) {

    public boolean isOpen() {
        return resolvedAt == null;
    }

    public AlertKey key() {
        return new AlertKey(type, job);
    }
}
