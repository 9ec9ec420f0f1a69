package io.scalepoc.monitoring;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Alerts, cluster-wide, in PostgreSQL. */
public interface AlertStore {

    /**
     * Opens the alert, or refreshes the open one with the same type and job (last seen, message,
     * replica).
     *
     * @return the alert when this call opened it, empty when it was open already
     */
    Optional<Alert> raise(AlertKey key, String replica, String message);

    /**
     * Resolves the open alert with this type and job if it has not been raised (refreshed) for
     * {@code quietPeriod}: a condition must stay absent that long before its alert resolves.
     *
     * @return the alert when this call resolved it, empty when none was open or it was raised lately
     */
    Optional<Alert> resolve(AlertKey key, String replica, Duration quietPeriod);

    List<Alert> open();

    /** The most recently resolved alerts, newest first. */
    List<Alert> resolved(int limit);
}
