package io.scalepoc.ownership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this replica gave up and stays away from for a while, so that a peer gets them (a
 * release through the API, a rebalance or monitor hand-over). A hold-off ends when its time is up,
 * or as soon as a scan shows another replica holding the job: its purpose is then served, and if
 * that peer gives the job up again (it is shutting down, say) this replica may adopt it at once
 * like any other. Times on the injected {@link Clock}.
 */
final class HoldOffs {

    private final String instanceId;
    private final Clock clock;
    private final Map<String, Instant> until = new ConcurrentHashMap<>();

    HoldOffs(String instanceId, Clock clock) {
        this.instanceId = instanceId;
        this.clock = clock;
    }

    /** Stays away from {@code job} for {@code holdOff}; nothing for a zero or negative one. */
    void holdOff(String job, Duration holdOff) {
        if (!holdOff.isZero() && !holdOff.isNegative()) {
            until.put(job, clock.instant().plus(holdOff));
        }
    }

    /** Ends the hold-off of every job {@code table} shows held by another replica. */
    void endWhereTakenElsewhere(LeaseSightings.Table table) {
        for (String job : List.copyOf(until.keySet())) {
            table.record(LeaseKey.job(job))
                    .filter(record -> !record.isReleased())
                    .filter(record -> !instanceId.equals(record.attributes().getOrDefault("owner", record.ownerName())))
                    .ifPresent(record -> until.remove(job));
        }
    }

    /** Whether this replica stays away from {@code job} now (a hold-off that is up is forgotten). */
    boolean isHeldOff(String job) {
        Instant end = until.get(job);
        if (end == null) {
            return false;
        }
        if (clock.instant().isBefore(end)) {
            return true;
        }
        until.remove(job, end);
        return false;
    }
}
