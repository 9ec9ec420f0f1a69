package io.scalepoc.ownership;

import io.scalepoc.config.OwnershipProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policies that ask for hand-overs, after each sweep: {@link MonitorSpread} (keep the two
 * global monitors on different replicas) and, under {@code balance: fair}, {@link FairHandOver}. Each
 * asks for at most one; a request lapses a claim interval after it is made, and the job's own tick
 * carries it out between runs ({@link OwnershipEvent.HandOverRequested}).
 */
final class HandOverPolicies {

    private final List<String> claimOrder;
    private final MonitorSpread monitorSpread;
    /** Under {@code balance: fair}; null under {@code fill}. */
    private final FairHandOver fair;

    private final DatabaseCheck database;
    private final Clock clock;
    private final Duration claimInterval;
    private final Duration rebalanceHoldOff;
    private final Duration monitorHoldOff;

    HandOverPolicies(
            String instanceId,
            List<String> claimOrder,
            Map<String, Integer> weights,
            Set<String> monitors,
            OwnershipProperties settings,
            DatabaseCheck database,
            Clock clock) {
        Duration leaseDuration = settings.leaseDuration();
        Duration claimInterval = settings.claimInterval();
        Duration presenceWindow = presenceWindow(claimInterval);
        this.claimOrder = claimOrder;
        this.monitorSpread = new MonitorSpread(monitors, instanceId, database, presenceWindow);
        this.fair = settings.isFair()
                ? new FairHandOver(
                        instanceId, leaseDuration, claimInterval, presenceWindow, database, weights, System::nanoTime)
                : null;
        this.database = database;
        this.clock = clock;
        this.claimInterval = claimInterval;
        // the giver stays away from a job it handed over for two leases, so that it does not take it
        // straight back before the member it was meant for has seen it free
        this.rebalanceHoldOff = leaseDuration.multipliedBy(2);
        this.monitorHoldOff = leaseDuration.plus(claimInterval);
    }

    /** The sweep's scan as the fair balance sees it; null under {@code fill}. */
    ClusterBalance.View observe(List<LeaseRecord> records, int myTokens, int myLoad) {
        return fair == null ? null : fair.observe(records, myTokens, myLoad);
    }

    /**
     * The hand-overs to ask for after a sweep on {@code records}; under {@code fair}, none while the
     * sweep adopted something (the shares its scan gave may still count the member it replaces), and
     * the replica's deficit is published for the peers' own decisions.
     */
    List<HandOver> decide(
            OwnershipMachine machine, List<LeaseRecord> records, ClusterBalance.View view, boolean acquiredNothing) {
        List<HandOver> requests = new ArrayList<>();
        Set<String> owned =
                Set.copyOf(machine.ownedJobs().stream().map(OwnedJob::name).toList());
        monitorSpread
                .toHandOver(owned, monitor -> machine.phase(monitor) == JobPhase.OWNED, records)
                .ifPresent(monitor -> requests.add(request(
                        monitor,
                        HandOver.Kind.MONITOR_SPREAD,
                        "monitor hand-over: each monitor watches the other from elsewhere",
                        monitorHoldOff)));
        if (view == null) {
            return requests;
        }
        if (machine.isClaiming() && acquiredNothing) {
            // least preferred first, idle before running; global monitors are left to their own spreading
            List<String> idle = new ArrayList<>();
            List<String> running = new ArrayList<>();
            for (int i = claimOrder.size() - 1; i >= 0; i--) {
                String job = claimOrder.get(i);
                if (owned.contains(job) && !monitorSpread.isMonitor(job)) {
                    (machine.phase(job) == JobPhase.OWNED ? idle : running).add(job);
                }
            }
            idle.addAll(running);
            fair.toHandOver(view, idle)
                    .ifPresent(job -> requests.add(request(
                            job,
                            HandOver.Kind.REBALANCE,
                            "rebalance: handed over to a member below its fair share",
                            rebalanceHoldOff)));
        }
        database.publishDeficit(view.myDeficit());
        return requests;
    }

    /** Tokens of the live members as the last balance scan counted them; -1 before one (or under {@code fill}). */
    int liveTokens() {
        return fair == null ? -1 : fair.liveTokens();
    }

    /** Replicas check in every claim interval; one that missed three check-ins (at least 5 s) is not counted on. */
    static Duration presenceWindow(Duration claimInterval) {
        Duration three = claimInterval.multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : three;
    }

    private HandOver request(String job, HandOver.Kind kind, String reason, Duration holdOff) {
        return new HandOver(job, kind, reason, holdOff, clock.instant().plus(claimInterval));
    }
}
