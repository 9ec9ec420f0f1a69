package io.scalepoc.ownership;

import io.scalepoc.ownership.OwnershipEvent.Trouble;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim thread's work, turned into events for the {@link OwnershipMachine}: a sweep reads the
 * lock table once (a consistent scan, taken into the {@link LeaseSightings}) and walks the enabled
 * catalog in this replica's {@link ClaimOrder}. A job whose lease was renewed within a lease costs
 * nothing; for a free one, or one whose lease has stood still for a whole lease, the machine
 * reserves its weight first ({@code Claim}) and only then is the lease asked for without blocking
 * (a stood-still lease is taken over conditionally on the version seen); each grant advances the
 * job's epoch, and a job without a fresh epoch is given back. Before that it reports the owned
 * leases that are lost or in danger, and asks the {@link OutageGiveUp} policy whether PostgreSQL
 * answers; after it, the {@link HandOverPolicies} may request hand-overs. One sweep at a time.
 */
final class ClaimSweep {

    private static final Logger log = LoggerFactory.getLogger(ClaimSweep.class);

    private final String instanceId;
    private final List<String> claimOrder;
    private final Map<String, Integer> weights;
    private final OwnershipMachine machine;
    private final Function<OwnershipEvent, OwnershipMachine.Step> feed;
    private final Consumer<String> askToStop;
    private final Consumer<String> inDanger;
    private final LeaseStore leases;
    private final EpochStore epochs;
    private final Clock clock;
    private final LeaseProbe probe;
    private final LeaseSightings sightings;
    private final OutageGiveUp outage;
    private final HandOverPolicies policies;
    private final Acquisitions acquisitions;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean tableUnreadable;

    ClaimSweep(
            String instanceId,
            List<String> claimOrder,
            Map<String, Integer> weights,
            OwnershipMachine machine,
            Function<OwnershipEvent, OwnershipMachine.Step> feed,
            Consumer<String> askToStop,
            Consumer<String> inDanger,
            LeaseStore leases,
            EpochStore epochs,
            Clock clock,
            LeaseProbe probe,
            LeaseSightings sightings,
            OutageGiveUp outage,
            HandOverPolicies policies,
            int claimsInFlight) {
        this.acquisitions = new Acquisitions(claimsInFlight);
        this.instanceId = instanceId;
        this.claimOrder = claimOrder;
        this.weights = weights;
        this.machine = machine;
        this.feed = feed;
        this.askToStop = askToStop;
        this.inDanger = inDanger;
        this.leases = leases;
        this.epochs = epochs;
        this.clock = clock;
        this.probe = probe;
        this.sightings = sightings;
        this.outage = outage;
        this.policies = policies;
    }

    /** Between sweeps: one scan, and a sweep on it at once if it shows a job this replica could take now. */
    List<OwnedJob> observe() {
        lock.lock();
        try {
            if (!machine.isClaiming()) {
                return List.of();
            }
            checkLeases();
            LeaseSightings.Table table = scanLockTable();
            return table != null && somethingToTake(table) ? sweep(table) : List.of();
        } finally {
            lock.unlock();
        }
    }

    /** A sweep on {@code scanned}, or on a scan of its own when null; returns the jobs acquired. */
    List<OwnedJob> sweep(LeaseSightings.Table scanned) {
        lock.lock();
        try {
            checkLeases();
            int held = machine.ownedJobs().size()
                    + machine.inPhase(JobPhase.RETIRING).size();
            if (!outage.reachable(held, this::giveUpAll)) {
                return List.of();
            }
            LeaseSightings.Table table = scanned != null ? scanned : scanLockTable();
            if (table == null) {
                return List.of();
            }
            endHoldOffs(table);
            ClusterBalance.View view = policies.observe(table.records(), machine.capacity(), machine.used());
            List<OwnedJob> acquired = new ArrayList<>();
            List<Acquisitions.Claimed> claimed = new ArrayList<>();
            for (String job : claimOrder) {
                int weight = weights.get(job);
                LeaseSightings.State state = table.state(LeaseKey.job(job));
                if (!machine.isClaiming()) {
                    break;
                }
                if (state == LeaseSightings.State.LIVE || !machine.mayClaim(job, weight)) {
                    continue; // renewed within a lease (not worth a request), or not for this replica now
                }
                if (view != null && view.isUnclaimed(job) && !view.mayTake(job, weight)) {
                    continue; // left to a member further below its share
                }
                if (!feed.apply(new OwnershipEvent.Claim(job, weight)).accepted()) {
                    continue;
                }
                if (view != null) {
                    view.took(weight); // reserved until its outcome is known
                }
                String version = state == LeaseSightings.State.IDLE
                        ? String.valueOf(
                                table.record(LeaseKey.job(job)).orElseThrow().version())
                        : null;
                claimed.add(new Acquisitions.Claimed(job, weight, version));
                if (claimed.size() == acquisitions.batch()) {
                    acquired.addAll(acquisitions.acquireAll(claimed, view, this::acquire));
                    claimed.clear();
                }
            }
            acquired.addAll(acquisitions.acquireAll(claimed, view, this::acquire));
            policies.decide(machine, table.records(), view, acquired.isEmpty())
                    .forEach(handOver -> feed.apply(new OwnershipEvent.HandOverRequested(handOver)));
            return acquired;
        } finally {
            lock.unlock();
        }
    }

    /** Reports every owned lease no longer held, and asks the runs of jobs given up to stop (again). */
    private void checkLeases() {
        for (OwnedJob owned : machine.ownedJobs()) {
            if (!owned.lease().isHeld()) {
                feed.apply(new OwnershipEvent.GiveUp(
                        owned.name(), owned.lease().isLost() ? Trouble.LOST : Trouble.IN_DANGER));
            }
        }
        machine.inPhase(JobPhase.RETIRING).forEach(askToStop);
    }

    /** PostgreSQL has not answered for the grace: every owned job is given up, and a retiring one cut off. */
    private void giveUpAll() {
        List<String> jobs = new ArrayList<>(machine.inPhase(JobPhase.RETIRING));
        machine.ownedJobs().forEach(owned -> jobs.add(owned.name()));
        jobs.forEach(job -> feed.apply(new OwnershipEvent.GiveUp(job, Trouble.DATABASE_OUTAGE)));
    }

    private void endHoldOffs(LeaseSightings.Table table) {
        for (String job : machine.inPhase(JobPhase.HELD_OFF)) {
            table.record(LeaseKey.job(job))
                    .filter(record -> !record.isReleased())
                    .filter(record -> !instanceId.equals(record.attributes().getOrDefault("owner", record.ownerName())))
                    .ifPresent(record -> feed.apply(new OwnershipEvent.TakenElsewhere(job)));
        }
    }

    private boolean somethingToTake(LeaseSightings.Table table) {
        endHoldOffs(table);
        for (String job : claimOrder) {
            if (table.state(LeaseKey.job(job)) != LeaseSightings.State.LIVE
                    && machine.mayClaim(job, weights.get(job))) {
                return true; // idle or free, and tokens to spare for it
            }
        }
        return false;
    }

    /** Asks for the lease of a claimed job, advances the epoch; reports each outcome. */
    private Optional<OwnedJob> acquire(Acquisitions.Claimed claimed) {
        String job = claimed.job();
        int weight = claimed.weight();
        String version = claimed.version();
        Map<String, String> owner = Map.of("owner", instanceId);
        Runnable onDanger = () -> inDanger.accept(job);
        Optional<Lease> lease;
        try {
            lease = version == null
                    ? leases.tryAcquire(LeaseKey.job(job), owner, onDanger)
                    : leases.takeOver(LeaseKey.job(job), version, owner, onDanger);
        } catch (RuntimeException e) {
            log.warn("Asking for the lease of job '{}' failed: {}", job, e.toString());
            lease = Optional.empty();
        }
        if (lease.isEmpty()) {
            log.debug("Job '{}' not acquired: its lease is held elsewhere or unavailable", job);
            feed.apply(new OwnershipEvent.Refused(job, "unavailable", null));
            return Optional.empty();
        }
        long epoch;
        try {
            epoch = epochs.advance(job, instanceId);
        } catch (RuntimeException e) {
            log.warn(
                    "Acquired the lease of job '{}' but could not advance its epoch, releasing it again: {}",
                    job,
                    e.toString());
            feed.apply(new OwnershipEvent.Refused(job, "epoch_failed", lease.get()));
            return Optional.empty();
        }
        OwnedJob owned = new OwnedJob(job, epoch, weight, clock.instant(), lease.get());
        return feed.apply(new OwnershipEvent.Granted(owned)).accepted() ? Optional.of(owned) : Optional.empty();
    }

    /** One consistent scan into the sightings; null (nothing is claimed) when the table cannot be read. */
    private LeaseSightings.Table scanLockTable() {
        try {
            LeaseSightings.Table table = sightings.scan(probe);
            if (tableUnreadable) {
                log.info("The lock table answers again; claiming jobs again");
                tableUnreadable = false;
            }
            return table;
        } catch (RuntimeException e) {
            if (!tableUnreadable) {
                log.warn("Cannot read the lock table; claiming nothing until it answers: {}", e.toString());
                tableUnreadable = true;
            }
            return null;
        }
    }
}
