package io.scalepoc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Lease and claim timing.
 *
 * @param leaseDuration how long a lease survives without a heartbeat; a dead owner's jobs are
 *     adopted after about this long (plus one claim interval). Also how long a fenced chunk
 *     transaction may sit idle before PostgreSQL ends it, and half of how long an epoch
 *     increment waits for its row
 * @param heartbeatPeriod how often the owner renews its leases; at most a third of the lease so
 *     that two heartbeats can fail before the lease is in danger
 * @param claimInterval how often a replica with free tokens sweeps the catalog for released or
 *     orphaned jobs
 * @param databaseOutageGrace how long a replica that cannot reach PostgreSQL (so cannot run any
 *     job) keeps its jobs before it gives them up to replicas that can; unset: one lease duration
 * @param balance {@code fair}: every live member works towards its share of the catalog's weight
 *     in proportion to its tokens, handing jobs over between runs; {@code fill}: a replica takes
 *     what it can until its tokens are spent, and keeps it
 * @param scanInterval how often a replica with free tokens scans the lock table between claim
 *     sweeps, to see a dead owner's lease stand still; unset: half the heartbeat period. Not shorter
 *     than the claim interval: scans only at claim sweeps
 * @param heartbeatThreads how many lease renewals may be in flight at once; each lease is renewed on
 *     a schedule of its own, so a renewal that waits for the API timeout holds up only its own lease,
 *     as long as fewer renewals than this are that slow at the same time. The threads are this many
 *     whatever the number of leases
 * @param claimsInFlight how many lease requests (each with its epoch advance) a claim sweep may have
 *     in flight at once; 1: one after another. More shortens the start-up claim of thousands of
 *     jobs against DynamoDB, at the price of load that competes with the heartbeats
 */
public record OwnershipProperties(
        @DefaultValue("20s") Duration leaseDuration,
        @DefaultValue("5s") Duration heartbeatPeriod,
        @DefaultValue("10s") Duration claimInterval,
        Duration databaseOutageGrace,
        @DefaultValue(FAIR) String balance,
        Duration scanInterval,
        @DefaultValue("8") int heartbeatThreads,
        @DefaultValue("1") int claimsInFlight) {

    public static final String FAIR = "fair";

    @ConstructorBinding
    public OwnershipProperties {}

    /** With the default number of heartbeat threads and claims in flight. */
    public OwnershipProperties(
            Duration leaseDuration,
            Duration heartbeatPeriod,
            Duration claimInterval,
            Duration databaseOutageGrace,
            String balance,
            Duration scanInterval) {
        this(leaseDuration, heartbeatPeriod, claimInterval, databaseOutageGrace, balance, scanInterval, 8, 1);
    }

    public static final String FILL = "fill";

    /** Whether members balance the catalog between them ({@code fair}) rather than fill their tokens. */
    public boolean isFair() {
        return !FILL.equals(balance);
    }

    /**
     * The {@code scanInterval} in force: as set, or half the heartbeat period — a live holder
     * writes a new version every heartbeat, so a scan this often sees its last one within half
     * a heartbeat.
     */
    public Duration effectiveScanInterval() {
        return scanInterval != null ? scanInterval : heartbeatPeriod.dividedBy(2);
    }

    /** The {@code databaseOutageGrace} in force: as set, or one lease duration. */
    public Duration effectiveDatabaseOutageGrace() {
        return databaseOutageGrace != null ? databaseOutageGrace : leaseDuration;
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!Durations.isPositive(leaseDuration)) {
            problems.add("scalepoc.ownership.lease-duration must be positive, but is " + leaseDuration);
        }
        if (!Durations.isPositive(heartbeatPeriod)) {
            problems.add("scalepoc.ownership.heartbeat-period must be positive, but is " + heartbeatPeriod);
        } else if (Durations.isPositive(leaseDuration)
                && heartbeatPeriod.multipliedBy(3).compareTo(leaseDuration) > 0) {
            problems.add("scalepoc.ownership.heartbeat-period (" + heartbeatPeriod
                    + ") must be at most a third of scalepoc.ownership.lease-duration (" + leaseDuration + ")");
        }
        if (!Durations.isPositive(claimInterval)) {
            problems.add("scalepoc.ownership.claim-interval must be positive, but is " + claimInterval);
        }
        if (databaseOutageGrace != null && databaseOutageGrace.isNegative()) {
            problems.add(
                    "scalepoc.ownership.database-outage-grace must not be negative, but is " + databaseOutageGrace);
        }
        if (scanInterval != null && !Durations.isPositive(scanInterval)) {
            problems.add("scalepoc.ownership.scan-interval must be positive, but is " + scanInterval);
        }
        if (heartbeatThreads < 1) {
            problems.add("scalepoc.ownership.heartbeat-threads must be at least 1, but is " + heartbeatThreads);
        }
        if (claimsInFlight < 1) {
            problems.add("scalepoc.ownership.claims-in-flight must be at least 1, but is " + claimsInFlight);
        }
        if (!FAIR.equals(balance) && !FILL.equals(balance)) {
            problems.add("scalepoc.ownership.balance must be 'fair' or 'fill', but is '" + balance + "'");
        }
        return problems;
    }
}
