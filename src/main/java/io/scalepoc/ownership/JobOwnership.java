package io.scalepoc.ownership;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.ScalePocProperties.JobProperties;
import io.scalepoc.config.ScalePocProperties.OwnershipProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which jobs this replica owns, and the sweep that acquires more.
 *
 * <p>A sweep reads the lock table once (a consistent scan, taken into the {@link LeaseSightings})
 * and walks the enabled catalog in this replica's {@link ClaimOrder}. A job whose lease was renewed
 * within a lease costs nothing; for a free one, or one whose lease has stood still for a whole
 * lease, it reserves the job's weight in the {@link TokenBudget} first and only then asks the
 * {@link LeaseStore} for the lease without blocking (a stood-still lease is taken over
 * conditionally on the version seen); if the lease is not granted the reservation is returned.
 * So the owned weight never exceeds the capacity. While the table cannot be read nothing is
 * claimed. Each acquisition increments the job's epoch; if that fails (PostgreSQL down) the lease
 * is released again, because a job without a fresh epoch must not run.
 *
 * <p>A released job is announced ({@link ReleaseAnnouncer}) after its lease is deleted, so that a
 * peer with free tokens sweeps at once rather than at its next claim interval.
 *
 * <p>Every sweep first drops jobs whose lease is no longer held (somebody took it over), and
 * listeners stop their schedules and executions. A lease in danger is dropped at once by {@link
 * #leaseInDanger}, without waiting for a sweep.
 *
 * <p><b>A dropped job is retired, not forgotten, while its execution runs.</b> Its tokens stay
 * counted, and a lease in danger is neither deleted nor taken again, until every listener reports
 * that nothing of the job runs here any more ({@link OwnershipListener#awaitEnded}). So a replica
 * never claims more work than its tokens while an execution of a job it gave up is still running,
 * and never hands a lease to a peer (by deleting it) while it still runs the job: an execution that
 * does not stop within the time left in danger keeps the lease until it ends — renewed if DynamoDB
 * answers again, left to expire if it does not. Each sweep settles the retired jobs whose work has
 * ended.
 *
 * <p>Sweeps and releases are serialised by one lock; listeners ({@link #addListener}, registered by
 * the wiring before the first sweep) run on the thread that made the change.
 */
public class JobOwnership {

    private static final Logger log = LoggerFactory.getLogger(JobOwnership.class);

    private final String instanceId;
    private final Map<String, JobProperties> catalog;
    private final List<String> claimOrder;
    private final TokenBudget budget;
    private final LeaseStore leases;
    private final EpochStore epochs;
    private final Clock clock;
    private final HoldOffs holdOffs;
    private final List<OwnershipListener> listeners = new CopyOnWriteArrayList<>();
    private final ReleaseAnnouncer announcer;
    private final DatabaseCheck database;
    private final Duration databaseOutageGrace;
    private final MonitorSpread monitorSpread;
    private final Duration monitorHandOverHoldOff;
    private Instant databaseUnreachableSince;
    private final Map<String, OwnedJob> owned = new ConcurrentHashMap<>();
    private final Map<String, Retired> retired = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile JobEvents events = JobEvents.NONE;
    private volatile boolean claiming = true;
    private final LeaseProbe probe;
    private final LeaseSightings sightings;
    private boolean tableUnreadable;
    private final Map<String, Integer> weights;
    /** Under {@code balance: fair}; null under {@code fill}. */
    private final ClusterBalance balance;

    private final long claimIntervalNanos;
    private final Duration claimInterval;
    private final Duration rebalanceHoldOff;
    private final Duration presenceWindow;
    private long lastHandOverNanos;
    private volatile int liveTokens = -1;

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
        this.catalog = catalog.enabled();
        this.claimOrder = ClaimOrder.forReplica(instanceId, this.catalog.keySet());
        this.budget = new TokenBudget(catalog.tokens());
        this.leases = leases;
        this.epochs = epochs;
        this.clock = clock;
        this.holdOffs = new HoldOffs(instanceId, clock);
        this.announcer = announcer;
        this.database = database;
        this.databaseOutageGrace = settings.effectiveDatabaseOutageGrace();
        this.monitorSpread =
                new MonitorSpread(catalog.monitors(), instanceId, database, presenceWindow(settings.claimInterval()));
        this.monitorHandOverHoldOff = settings.leaseDuration().plus(settings.claimInterval());
        this.probe = probe;
        this.sightings = sightings;
        Map<String, Integer> jobWeights = new LinkedHashMap<>();
        this.catalog.forEach((job, props) -> jobWeights.put(job, props.weight()));
        this.weights = Map.copyOf(jobWeights);
        this.balance =
                settings.isFair() ? new ClusterBalance(instanceId, settings.leaseDuration(), System::nanoTime) : null;
        this.claimIntervalNanos = settings.claimInterval().toNanos();
        this.claimInterval = settings.claimInterval();
        // the giver stays away from a job it handed over for two leases, so that it does not take it
        // straight back before the member it was meant for has seen it free
        this.rebalanceHoldOff = settings.leaseDuration().multipliedBy(2);
        this.presenceWindow = presenceWindow(settings.claimInterval());
        this.lastHandOverNanos = System.nanoTime() - claimIntervalNanos;
    }

    /** Tells {@code listener} about every ownership change from now on; register before the first sweep. */
    /** Where releases, lost leases and leases in danger are recorded (the job's story). */
    public void recordEventsTo(JobEvents events) {
        this.events = events;
    }

    public void addListener(OwnershipListener listener) {
        listeners.add(listener);
    }

    /**
     * One non-blocking pass over the catalog, taking jobs until the budget is spent.
     *
     * @return the jobs acquired by this pass
     */
    public List<OwnedJob> sweep() {
        return sweep(null);
    }

    /**
     * Between sweeps (every scan interval): one scan of the lock table into the sightings, so that a
     * lease that stops changing is seen stand still within a scan interval of its last renewal;
     * if the scan shows a job this replica could take now — its lease idle or free, and tokens to
     * spare for it — a sweep follows at once, on that scan.
     *
     * @return the jobs acquired by the sweep, if one followed
     */
    public List<OwnedJob> observe() {
        lock.lock();
        try {
            if (!claiming) {
                return List.of();
            }
            dropLostLeases();
            settleRetired();
            LeaseSightings.Table table = scanLockTable();
            if (table != null) {
                holdOffs.endWhereTakenElsewhere(table);
            }
            return table != null && somethingToTake(table) ? sweep(table) : List.of();
        } finally {
            lock.unlock();
        }
    }

    private boolean somethingToTake(LeaseSightings.Table table) {
        int room = budget.capacity() - budget.used();
        for (String job : claimOrder) {
            if (owned.containsKey(job) || retired.containsKey(job) || holdOffs.isHeldOff(job)) {
                continue;
            }
            LeaseSightings.State state = table.state(LeaseKey.job(job));
            if (state != LeaseSightings.State.LIVE && weights.get(job) <= room) {
                return true; // idle or free, and tokens to spare for it
            }
        }
        return false;
    }

    /** A sweep on {@code scanned}, or on a scan of its own when null. */
    private List<OwnedJob> sweep(LeaseSightings.Table scanned) {
        lock.lock();
        try {
            dropLostLeases();
            settleRetired();
            if (!databaseReachable()) {
                return List.of();
            }
            LeaseSightings.Table table = scanned != null ? scanned : scanLockTable();
            if (table == null) {
                return List.of();
            }
            holdOffs.endWhereTakenElsewhere(table);
            ClusterBalance.View view = balance == null ? null : observeCluster(table.records());
            List<OwnedJob> acquired = new ArrayList<>();
            for (String job : claimOrder) {
                if (!claiming) {
                    break;
                }
                if (owned.containsKey(job) || retired.containsKey(job) || holdOffs.isHeldOff(job)) {
                    continue;
                }
                LeaseKey key = LeaseKey.job(job);
                LeaseSightings.State state = table.state(key);
                if (state == LeaseSightings.State.LIVE) {
                    continue; // renewed within a lease: not worth a request
                }
                if (view != null && view.isUnclaimed(job) && !view.mayTake(job, weights.get(job))) {
                    continue; // left to a member further below its share
                }
                Optional<OwnedJob> taken = state == LeaseSightings.State.IDLE
                        ? takeOver(
                                job,
                                String.valueOf(table.record(key).orElseThrow().version()))
                        : tryAcquire(job);
                taken.ifPresent(ownedJob -> {
                    acquired.add(ownedJob);
                    if (view != null) {
                        view.took(ownedJob.weight());
                    }
                });
            }
            spreadMonitors(table.records());
            if (view != null && claiming && acquired.isEmpty()) {
                // not while adopting: the shares this scan gave may still count the member it replaces
                handOverOneIfAboveShare(view);
            }
            if (view != null) {
                database.publishDeficit(view.myDeficit());
            }
            return acquired;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One consistent scan of the lock table into the sightings; null (and nothing is claimed this
     * sweep) when the table cannot be read — DynamoDB would not grant a lease either.
     */
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

    /** Tries to acquire a job whose lease is free. */
    private Optional<OwnedJob> tryAcquire(String job) {
        return acquire(job, (key, onDanger) -> leases.tryAcquire(key, Map.of("owner", instanceId), onDanger));
    }

    /** Takes over a job whose lease the scans found idle, conditionally on the version seen. */
    private Optional<OwnedJob> takeOver(String job, String version) {
        return acquire(job, (key, onDanger) -> leases.takeOver(key, version, Map.of("owner", instanceId), onDanger));
    }

    private Optional<OwnedJob> acquire(String job, BiFunction<LeaseKey, Runnable, Optional<Lease>> attempt) {
        int weight = catalog.get(job).weight();
        if (!budget.tryReserve(weight)) {
            return Optional.empty();
        }
        Optional<Lease> lease = attempt.apply(LeaseKey.job(job), () -> leaseInDanger(job));
        if (lease.isEmpty()) {
            budget.release(weight);
            log.debug("Job '{}' not acquired: its lease is held elsewhere or unavailable", job);
            notifyListeners(listener -> listener.onNotAcquired(job, "unavailable"));
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
            releaseQuietly(lease.get());
            budget.release(weight);
            notifyListeners(listener -> listener.onNotAcquired(job, "epoch_failed"));
            return Optional.empty();
        }
        OwnedJob ownedJob = new OwnedJob(job, epoch, weight, clock.instant(), lease.get());
        owned.put(job, ownedJob);
        log.info("Acquired job '{}' at epoch {} ({} of {} tokens used)", job, epoch, budget.used(), budget.capacity());
        notifyListeners(listener -> listener.onAcquired(ownedJob));
        return Optional.of(ownedJob);
    }

    /** The sweep's scan of the lock table, as the fair balance sees it. */
    private ClusterBalance.View observeCluster(List<LeaseRecord> records) {
        ClusterBalance.View view =
                balance.observe(records, weights, budget.capacity(), budget.used(), reachingPostgres());
        liveTokens = view.liveTokens();
        return view;
    }

    /**
     * Under {@code balance: fair}, asks for one owned job to be handed over between its runs when
     * this replica is above its share and a member below its own would gain by the move; at most
     * one per claim interval, and only once every job has a live owner. The job given up is the
     * one this replica's claim order prefers least (ownership stays sticky), one that is not
     * running before one that is; global monitors are left to their own spreading.
     */
    private void handOverOneIfAboveShare(ClusterBalance.View view) {
        if (System.nanoTime() - lastHandOverNanos < claimIntervalNanos || view.myDeficit() >= 0) {
            return; // one per claim interval, and only above its share (no query of the peers' views otherwise)
        }
        List<String> candidates = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (int i = claimOrder.size() - 1; i >= 0; i--) {
            String job = claimOrder.get(i);
            if (owned.containsKey(job) && !monitorSpread.isMonitor(job)) {
                (workEnded(job, Duration.ZERO) ? candidates : running).add(job);
            }
        }
        candidates.addAll(running);
        view.handOver(candidates, weights, database.publishedDeficits(presenceWindow))
                .ifPresent(job -> {
                    lastHandOverNanos = System.nanoTime();
                    log.info(
                            "Handing job '{}' over between runs: this replica holds {} tokens of jobs and its fair share is {} "
                                    + "(live members {})",
                            job,
                            view.load(instanceId),
                            view.target(instanceId),
                            view.members());
                    requestHandOver(
                            job,
                            HandOver.Kind.REBALANCE,
                            "rebalance: handed over to a member below its fair share",
                            rebalanceHoldOff);
                });
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

    /** Tokens of the live members as the last balance scan counted them; -1 before one (or under {@code fill}). */
    public int liveTokens() {
        return liveTokens;
    }

    /** Replicas check in every claim interval; one that missed three check-ins (at least 5 s) is not counted on. */
    static Duration presenceWindow(Duration claimInterval) {
        Duration three = claimInterval.multipliedBy(3);
        return three.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : three;
    }

    /**
     * Whether PostgreSQL answers (this replica checks in). While it does not, nothing is claimed (a job without a fresh epoch
     * must not run anyway); once it has not answered for the database-outage grace, every owned job
     * is given up so that replicas that can reach it adopt them.
     */
    private boolean databaseReachable() {
        if (database.checkIn()) {
            if (databaseUnreachableSince != null) {
                log.info("PostgreSQL answers again; claiming jobs again");
                databaseUnreachableSince = null;
            }
            return true;
        }
        Instant now = clock.instant();
        if (databaseUnreachableSince == null) {
            databaseUnreachableSince = now;
            log.warn(
                    "PostgreSQL does not answer: claiming nothing, and giving up the {} owned jobs if this lasts {}",
                    owned.size(),
                    databaseOutageGrace);
        }
        Duration outage = Duration.between(databaseUnreachableSince, now);
        if (!owned.isEmpty() && outage.compareTo(databaseOutageGrace) >= 0) {
            giveUpAll(outage);
        }
        return false;
    }

    /**
     * Gives every owned job up because this replica cannot run it (PostgreSQL unreachable): its
     * schedule stops and its lease is deleted (an execution still nominally running cannot commit
     * anything without its database, and the epoch fence rejects it if the database returns); the
     * tokens of an execution still running stay counted until it has ended.
     */
    private void giveUpAll(Duration outage) {
        for (OwnedJob job : List.copyOf(owned.values())) {
            if (!owned.remove(job.name(), job)) {
                continue;
            }
            log.warn(
                    "Giving up job '{}' (epoch {}): PostgreSQL has not answered for {}, so it cannot run here; a replica "
                            + "that reaches PostgreSQL adopts it",
                    job.name(),
                    job.epoch(),
                    outage);
            notifyListeners(listener -> listener.onLost(job));
            releaseQuietly(job.lease());
            if (workEnded(job.name(), Duration.ZERO)) {
                budget.release(job.weight());
            } else {
                retired.put(job.name(), new Retired(job, false));
            }
            // Not announced: announcements go through PostgreSQL. Peers sweep every claim interval.
        }
    }

    /** Hands a second global monitor over between its runs when another member could run it. */
    private void spreadMonitors(List<LeaseRecord> records) {
        monitorSpread
                .toHandOver(owned.keySet(), monitor -> workEnded(monitor, Duration.ZERO), records)
                .ifPresent(monitor -> {
                    log.info(
                            "Handing monitor '{}' over between its runs: this replica runs another monitor, and each "
                                    + "must watch the other from elsewhere",
                            monitor);
                    requestHandOver(
                            monitor,
                            HandOver.Kind.MONITOR_SPREAD,
                            "monitor hand-over: each monitor watches the other from elsewhere",
                            monitorHandOverHoldOff);
                });
    }

    /** Asks the job's tick to give it up between its runs; the request lapses after a claim interval. */
    private void requestHandOver(String job, HandOver.Kind kind, String reason, Duration holdOff) {
        HandOver handOver =
                new HandOver(job, kind, reason, holdOff, clock.instant().plus(claimInterval));
        notifyListeners(listener -> listener.onHandOverRequested(handOver));
    }

    /**
     * Retires every owned job whose lease is no longer held, lost or merely in danger. Either way the
     * lease is released once nothing of the job runs here any more: a lease in danger is still in the
     * lock client's heartbeat list, and if heartbeats succeed again (a stall shorter than the lease)
     * it would be renewed for ever while this replica neither runs the job nor lets anyone else
     * take it. Releasing a lost lease is harmless: the lock client stops heartbeating it, and its
     * delete is conditional on our record version, so it never removes a peer's lease.
     */
    private void dropLostLeases() {
        for (OwnedJob job : List.copyOf(owned.values())) {
            if (job.lease().isHeld()) {
                continue;
            }
            boolean lost = job.lease().isLost();
            if (!retire(job, true)) {
                continue;
            }
            if (lost) {
                log.warn("Lost the lease of job '{}' (epoch {}); it is no longer run here", job.name(), job.epoch());
                events.record(job.name(), "LOST", instanceId, job.epoch(), "its lease was no longer held");
            } else {
                log.warn(
                        "Lease of job '{}' (epoch {}) is in danger: heartbeats have failed for too long. Stopping its "
                                + "execution and giving the job up; its lease is released once the execution has ended",
                        job.name(),
                        job.epoch());
                events.record(
                        job.name(),
                        "LEASE_IN_DANGER",
                        instanceId,
                        job.epoch(),
                        "heartbeats were late (a stall or a slow DynamoDB); the execution is stopped and the job given up");
            }
            notifyListeners(listener -> listener.onLost(job));
        }
    }

    /**
     * The lock client's session monitor says the job's lease has gone too long without a successful
     * heartbeat (DynamoDB unreachable or throttled) and may expire soon. Stop launching the job, ask
     * its running execution to stop (listeners), and wait up to the time left in danger for it to
     * end. Once nothing of the job runs here, the lease is deleted (if DynamoDB answers; otherwise
     * it expires) and its tokens are freed. An execution that has not ended by then keeps both —
     * the lease is never deleted under a running execution — and this thread goes on waiting to
     * settle the job when it ends. The claim loop takes jobs again once DynamoDB is back. Runs on the monitor's own
     * thread and takes no lock, so a sweep stuck on an unreachable DynamoDB cannot delay it; the
     * owned map's atomic removal decides whether this or a sweep's lost-lease check handles the job.
     */
    void leaseInDanger(String jobName) {
        OwnedJob job = owned.get(jobName);
        if (job == null || !retire(job, true)) {
            return;
        }
        Duration timeLeft = leases.timeLeftInDanger();
        log.warn(
                "Lease of job '{}' (epoch {}) is in danger: heartbeats have failed for too long. Stopping its execution "
                        + "within {}, before the lease can expire, and giving the job up; claiming resumes when "
                        + "DynamoDB answers",
                jobName,
                job.epoch(),
                timeLeft);
        notifyListeners(listener -> listener.onLost(job));
        events.record(
                jobName,
                "LEASE_IN_DANGER",
                instanceId,
                job.epoch(),
                "heartbeats failed for too long; the execution is stopped and the job given up");
        if (!workEnded(jobName, timeLeft)) {
            log.warn(
                    "Job '{}' (epoch {}) is still running {} after its lease went into danger; its lease is kept until "
                            + "it ends (renewed if DynamoDB answers again, left to expire if not) and its tokens stay "
                            + "counted, so that no peer starts it while it runs here",
                    jobName,
                    job.epoch(),
                    timeLeft);
            while (!workEnded(jobName, timeLeft)) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // a later sweep settles it
                }
            }
        }
        settle(retired.get(jobName));
    }

    /** Settles every retired job whose work has ended here. */
    private void settleRetired() {
        for (Retired entry : List.copyOf(retired.values())) {
            if (workEnded(entry.job().name(), Duration.ZERO)) {
                settle(entry);
            }
        }
    }

    /** Frees a retired job's tokens and, for a lease given up in danger, deletes the lease; once. */
    private void settle(Retired entry) {
        if (entry == null || !retired.remove(entry.job().name(), entry)) {
            return;
        }
        OwnedJob job = entry.job();
        if (entry.deleteLease()) {
            releaseQuietly(job.lease());
        }
        budget.release(job.weight());
        log.info(
                "Job '{}' (epoch {}) no longer runs here; its tokens are free ({} of {} tokens used)",
                job.name(),
                job.epoch(),
                budget.used(),
                budget.capacity());
    }

    private boolean workEnded(String jobName, Duration timeout) {
        for (OwnershipListener listener : listeners) {
            try {
                if (!listener.awaitEnded(jobName, timeout)) {
                    return false;
                }
            } catch (RuntimeException e) {
                log.error("Ownership listener {} failed", listener.getClass().getSimpleName(), e);
                return false;
            }
        }
        return true;
    }

    /** Moves {@code job} from the owned jobs to the retired ones, tokens still counted; false if it was already gone. */
    private boolean retire(OwnedJob job, boolean deleteLease) {
        if (!owned.remove(job.name(), job)) {
            return false;
        }
        retired.put(job.name(), new Retired(job, deleteLease));
        return true;
    }

    /** A job given up while something of it may still run here; {@code deleteLease} when its lease is still ours. */
    private record Retired(OwnedJob job, boolean deleteLease) {}

    /** Removes {@code job} from the owned jobs and frees its tokens; false if it was already gone. */
    private boolean drop(OwnedJob job) {
        if (!owned.remove(job.name(), job)) {
            return false;
        }
        budget.release(job.weight());
        return true;
    }

    /** Releases one owned job so that another replica can take it. */
    public boolean release(String jobName) {
        return release(jobName, Duration.ZERO);
    }

    /**
     * Releases one owned job and does not take it back for {@code holdOff}, so that a peer with
     * free tokens gets it (a release requested through the control API). If no peer takes it, this
     * replica may claim it again after the hold-off.
     */
    public boolean release(String jobName, Duration holdOff) {
        return release(jobName, holdOff, "released");
    }

    /** As {@link #release(String, Duration)}, recording {@code why} in the job's story. */
    public boolean release(String jobName, Duration holdOff, String why) {
        lock.lock();
        try {
            OwnedJob job = owned.get(jobName);
            if (job == null || !drop(job)) {
                return false;
            }
            holdOffs.holdOff(jobName, holdOff);
            notifyListeners(listener -> listener.onReleased(job));
            releaseQuietly(job.lease());
            try {
                epochs.markReleased(job.name(), job.epoch());
            } catch (RuntimeException e) {
                log.warn("Released job '{}' but could not record it in job_epoch: {}", jobName, e.toString());
            }
            log.info(
                    "Released job '{}' (epoch {}; {} of {} tokens used)",
                    jobName,
                    job.epoch(),
                    budget.used(),
                    budget.capacity());
            announcer.announce(jobName);
            events.record(jobName, "RELEASED", instanceId, job.epoch(), why);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases every owned job except {@code keep} (jobs whose executions are still running), one by
     * one until {@code timeout} has passed; the leases not released by then are left to expire.
     *
     * @return whether every job but {@code keep} was released
     */
    public boolean releaseAllExcept(Set<String> keep, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // leaving: peers balancing fairly stop counting on this replica before its releases reach them
        database.checkOut();
        for (String job : List.copyOf(owned.keySet())) {
            if (System.nanoTime() - deadline >= 0) {
                log.warn("Releasing leases took longer than {}; the leases of {} are left to expire", timeout, names());
                return false;
            }
            if (!keep.contains(job)) {
                release(job, Duration.ZERO, "shutdown");
            }
        }
        return true;
    }

    private List<String> names() {
        return owned.keySet().stream().sorted().toList();
    }

    /** No sweep acquires anything after this. */
    public void stopClaiming() {
        claiming = false;
    }

    public Optional<OwnedJob> owned(String jobName) {
        return Optional.ofNullable(owned.get(jobName));
    }

    public Collection<OwnedJob> ownedJobs() {
        return List.copyOf(owned.values());
    }

    public String instanceId() {
        return instanceId;
    }

    public int tokenCapacity() {
        return budget.capacity();
    }

    public int tokensUsed() {
        return budget.used();
    }

    /** Whether a sweep could acquire anything: claiming, and tokens to spend. */
    public boolean canClaim() {
        return claiming && budget.capacity() > 0;
    }

    public boolean isClaiming() {
        return claiming;
    }

    private void releaseQuietly(Lease lease) {
        try {
            leases.release(lease);
        } catch (RuntimeException e) {
            log.warn("Could not release lease '{}', it will expire by itself: {}", lease.key(), e.toString());
        }
    }

    private void notifyListeners(Consumer<OwnershipListener> event) {
        for (OwnershipListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.error("Ownership listener {} failed", listener.getClass().getSimpleName(), e);
            }
        }
    }
}
