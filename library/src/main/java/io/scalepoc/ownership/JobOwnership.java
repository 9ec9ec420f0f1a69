package io.scalepoc.ownership;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.OwnershipProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which jobs this replica owns: the driver of the {@link OwnershipMachine}. Three kinds of thread
 * feed it events — the claim thread ({@link ClaimSweep}: sweeps and scans), the lease store's
 * danger threads (a lease in danger) and the job threads (ticks, runs, releases) — and
 * each carries out, in order, the actions its event's transition returned. The machine's lock
 * serialises the transitions and is never held during I/O; the I/O that follows is ordered per job
 * by the states themselves (a job is claimed again only once its lease is deleted, a run starts
 * only from {@code OWNED}). See docs/architecture.md for the state diagram and why a lock rather
 * than an event queue.
 */
public class JobOwnership {

    private static final Logger log = LoggerFactory.getLogger(JobOwnership.class);

    private final String instanceId;
    private final OwnershipMachine machine;
    private final ClaimSweep claimSweep;
    private final HandOverPolicies policies;
    private final OwnershipActions actions;
    private final DatabaseCheck database;

    public JobOwnership(
            ReplicaIdentity identity,
            CatalogProperties catalog,
            OwnershipProperties settings,
            LeaseStore leases,
            EpochStore epochs,
            Clock clock,
            ReleaseAnnouncer announcer,
            DatabaseCheck database,
            LeaseProbe probe,
            LeaseSightings sightings) {
        this.instanceId = identity.instanceId();
        this.machine = new OwnershipMachine(catalog.tokens(), clock);
        this.actions = new OwnershipActions(instanceId, leases, epochs, announcer);
        this.database = database;
        Map<String, Integer> weights = new LinkedHashMap<>();
        catalog.enabled().forEach((job, props) -> weights.put(job, props.weight()));
        List<String> claimOrder = ClaimOrder.forReplica(instanceId, weights.keySet());
        this.policies = new HandOverPolicies(
                instanceId, claimOrder, Map.copyOf(weights), catalog.monitors(), settings, database, clock);
        this.claimSweep = new ClaimSweep(
                instanceId,
                claimOrder,
                Map.copyOf(weights),
                machine,
                this::feed,
                actions::askToStop,
                new LeaseInDanger(machine, this::feed, leases::timeLeftInDanger),
                leases,
                epochs,
                clock,
                probe,
                sightings,
                new OutageGiveUp(database, settings.effectiveDatabaseOutageGrace(), clock),
                policies,
                settings.claimsInFlight());
    }

    /** Where releases, lost leases and leases in danger are recorded (the job's story). */
    public void recordEventsTo(JobEvents events) {
        actions.recordEventsTo(events);
    }

    /** Tells {@code listener} about every ownership change from now on; register before the first sweep. */
    public void addListener(OwnershipListener listener) {
        actions.addListener(listener);
    }

    /** One non-blocking pass over the catalog, taking jobs until the budget is spent; returns the jobs acquired. */
    public List<OwnedJob> sweep() {
        return claimSweep.sweep(null);
    }

    /** Between sweeps: one scan, and a sweep on it at once when it shows a job this replica could take. */
    public List<OwnedJob> observe() {
        return claimSweep.observe();
    }

    /** One transition, then its actions, in order, on this thread. */
    OwnershipMachine.Step feed(OwnershipEvent event) {
        OwnershipMachine.Step step = machine.apply(event);
        step.actions().forEach(action -> actions.carryOut(action, this::feed));
        return step;
    }

    /** The job's tick begins: false when the schedule must end (handed over now, or the epoch no longer owned). */
    public boolean beginTick(OwnedJob job) {
        return feed(new OwnershipEvent.Tick(job)).accepted();
    }

    /** A tick is about to run the job: true only while it is owned at that epoch, idle, and not being handed over. */
    public boolean runStarting(OwnedJob job) {
        return feed(new OwnershipEvent.RunStarting(job)).accepted();
    }

    /** The run {@link #runStarting} allowed has ended; a job given up meanwhile is released now. */
    public void runEnded(OwnedJob job) {
        feed(new OwnershipEvent.RunEnded(job));
    }

    /** Releases one owned job between its runs so that another replica can take it. */
    public boolean release(String jobName) {
        return release(jobName, Duration.ZERO, "released");
    }

    /** Releases one owned job between its runs and stays away from it for {@code holdOff}. */
    public boolean release(String jobName, Duration holdOff) {
        return release(jobName, holdOff, "released");
    }

    /** As {@link #release(String, Duration)}, recording {@code why} in the job's story. */
    public boolean release(String jobName, Duration holdOff, String why) {
        return feed(new OwnershipEvent.ReleaseRequested(jobName, holdOff, why)).accepted();
    }

    /**
     * At shutdown: releases every owned job except {@code keep} (executions still running), one by one
     * until {@code timeout} has passed; the leases not released by then are left to expire.
     */
    public boolean releaseAllExcept(Set<String> keep, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        database.checkOut(); // leaving: peers balancing fairly stop counting on this replica
        for (OwnedJob job : machine.ownedJobs()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                log.warn("Releasing leases took longer than {}; the leases of {} are left to expire", timeout, names());
                return false;
            }
            try {
                if (!keep.contains(job.name()) && machine.awaitNoRun(job.name(), Duration.ofNanos(left))) {
                    release(job.name(), Duration.ZERO, "shutdown");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return machine.ownedJobs().stream().allMatch(job -> keep.contains(job.name()));
    }

    private List<String> names() {
        return machine.ownedJobs().stream().map(OwnedJob::name).sorted().toList();
    }

    /** No sweep acquires anything after this. */
    public void stopClaiming() {
        feed(new OwnershipEvent.StopClaiming());
    }

    public Optional<OwnedJob> owned(String jobName) {
        return machine.owned(jobName);
    }

    public Collection<OwnedJob> ownedJobs() {
        return new ArrayList<>(machine.ownedJobs());
    }

    public String instanceId() {
        return instanceId;
    }

    public int tokenCapacity() {
        return machine.capacity();
    }

    public int tokensUsed() {
        return machine.used();
    }

    /** Whether a sweep could acquire anything: claiming, and tokens to spend. */
    public boolean canClaim() {
        return machine.isClaiming() && machine.capacity() > 0;
    }

    public boolean isClaiming() {
        return machine.isClaiming();
    }

    /** Tokens of the live members as the last balance scan counted them; -1 before one (or under {@code fill}). */
    public int liveTokens() {
        return policies.liveTokens();
    }
}
