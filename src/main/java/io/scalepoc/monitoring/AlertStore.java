package io.scalepoc.monitoring;

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

    /** @return the alert when this call resolved it, empty when none was open */
    Optional<Alert> resolve(AlertKey key, String replica);

    List<Alert> open();

    /** The most recently resolved alerts, newest first. */
    List<Alert> resolved(int limit);
}
