package io.scalepoc.ownership;

import java.time.Duration;
import java.time.Instant;

/**
 * A request that an owned job be given up between its runs: decided by the claim loop (fair
 * balancing, monitor spreading), carried out only by the job's own tick — the one place a run of the
 * job starts — so a lease is never deleted under a running execution. A request the tick has not
 * carried out by {@code notAfter} (the job was running the whole time) is cancelled, not carried
 * out late against a balance that may have changed; the next sweep decides again.
 *
 * @param job the job to give up
 * @param kind why: fair balancing or monitor spreading
 * @param reason recorded in the job's story with the release
 * @param holdOff how long this replica then stays away from the job, so that a peer takes it
 * @param notAfter when the request lapses (a claim interval after it was made)
 */
public record HandOver(String job, Kind kind, String reason, Duration holdOff, Instant notAfter) {

    public enum Kind {
        /** Fair balancing: this replica is above its share and a member below its own would gain. */
        REBALANCE,
        /** Monitor spreading: each global monitor should watch the other from another replica. */
        MONITOR_SPREAD
    }

    /** Whether the tick may still carry it out at {@code now}. */
    public boolean isDue(Instant now) {
        return !now.isAfter(notAfter);
    }
}
