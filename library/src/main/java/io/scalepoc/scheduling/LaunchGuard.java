package io.scalepoc.scheduling;

import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.OwnedJob;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The checks a tick makes before it launches an owned job: the lease is still held (renewed within
 * a lease on this replica's monotonic clock) and the job's epoch in PostgreSQL is still the one this
 * replica acquired. Running executions are handled by recovery before the guard is asked.
 */
public class LaunchGuard {

    private final EpochStore epochs;

    public LaunchGuard(EpochStore epochs) {
        this.epochs = epochs;
    }

    /** @return why the job must not be launched now, or empty when it may */
    public Optional<String> refusal(OwnedJob job) {
        if (!job.lease().isHeld()) {
            return Optional.of("its lease is no longer held");
        }
        OptionalLong current = epochs.current(job.name());
        if (current.isEmpty() || current.getAsLong() != job.epoch()) {
            return Optional.of("its epoch " + job.epoch() + " is no longer current (now "
                    + (current.isPresent() ? current.getAsLong() : "none") + ")");
        }
        return Optional.empty();
    }
}
