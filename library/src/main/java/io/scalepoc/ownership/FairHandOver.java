package io.scalepoc.ownership;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code balance: fair} policy: reads each sweep's scan as a {@link ClusterBalance.View}, and
 * picks at most one job per claim interval to hand over when this replica is above its share and a
 * member below its own — by that member's own published deficit — would gain by the move. It only
 * decides; the job's tick carries the hand-over out ({@link OwnershipEvent.HandOverRequested}).
 */
final class FairHandOver {

    private static final Logger log = LoggerFactory.getLogger(FairHandOver.class);

    private final String instanceId;
    private final ClusterBalance balance;
    private final DatabaseCheck database;
    private final Map<String, Integer> weights;
    private final Duration presenceWindow;
    private final long claimIntervalNanos;
    private final LongSupplier nanos;
    private long lastHandOverNanos;
    private volatile int liveTokens = -1;

    FairHandOver(
            String instanceId,
            Duration leaseDuration,
            Duration claimInterval,
            Duration presenceWindow,
            DatabaseCheck database,
            Map<String, Integer> weights,
            LongSupplier nanos) {
        this.instanceId = instanceId;
        this.balance = new ClusterBalance(instanceId, leaseDuration, nanos);
        this.database = database;
        this.weights = weights;
        this.presenceWindow = presenceWindow;
        this.claimIntervalNanos = claimInterval.toNanos();
        this.nanos = nanos;
        this.lastHandOverNanos = nanos.getAsLong() - claimIntervalNanos;
    }

    /** The sweep's scan of the lock table, as the fair balance sees it. */
    ClusterBalance.View observe(List<LeaseRecord> records, int myTokens, int myLoad) {
        ClusterBalance.View view = balance.observe(records, weights, myTokens, myLoad, reachingPostgres());
        liveTokens = view.liveTokens();
        return view;
    }

    /**
     * The job to hand over, if this replica is above its share and a member below its own would gain
     * by the move; at most one per claim interval, and only once every job has a live owner. {@code
     * candidates} are in the order to give them up (least preferred first, idle before running).
     */
    Optional<String> toHandOver(ClusterBalance.View view, List<String> candidates) {
        if (nanos.getAsLong() - lastHandOverNanos < claimIntervalNanos || view.myDeficit() >= 0) {
            return Optional
                    .empty(); // one per claim interval, and only above its share (no query of the peers otherwise)
        }
        Optional<String> job = view.handOver(candidates, weights, database.publishedDeficits(presenceWindow));
        job.ifPresent(chosen -> {
            lastHandOverNanos = nanos.getAsLong();
            log.info(
                    "Handing job '{}' over between runs: this replica holds {} tokens of jobs and its fair share is {} "
                            + "(live members {})",
                    chosen,
                    view.load(instanceId),
                    view.target(instanceId),
                    view.members());
        });
        return job;
    }

    /** The members that checked in with PostgreSQL lately (they can run jobs); null when unknown. */
    private Set<String> reachingPostgres() {
        try {
            Set<String> present = database.checkedInWithin(presenceWindow);
            return present.isEmpty() ? null : present; // empty: PostgreSQL did not answer
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Tokens of the live members as the last scan counted them; -1 before one. */
    int liveTokens() {
        return liveTokens;
    }
}
