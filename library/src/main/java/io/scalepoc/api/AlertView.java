package io.scalepoc.api;

import io.scalepoc.monitoring.Alert;
import java.time.Instant;

/** An alert as the API shows it. */
public record AlertView(
        long id,
        String type,
        String job,
        String replica,
        String message,
        Instant firstSeen,
        Instant lastSeen,
        Instant resolvedAt,
        String resolvedBy) {

    static AlertView of(Alert alert) {
        return new AlertView(
                alert.id(),
                alert.type().name(),
                alert.job(),
                alert.replica(),
                alert.message(),
                alert.firstSeen(),
                alert.lastSeen(),
                alert.resolvedAt(),
                alert.resolvedBy());
    }
}
