package io.scalepoc.ownership;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Sweeps the catalog every claim interval on thread {@code scalepoc-claim-1}, so that released and
 * orphaned jobs are adopted by replicas with free tokens, and at once when a peer announces a
 * release ({@link #sweepSoon()}). Between sweeps it scans the lock table every scan interval
 * ({@link JobOwnership#observe}), which sweeps at once when a lease stood still for a lease. Each
 * sweep first checks that the member lease is still held
 * ({@link MemberLease#ensureHeld()}: it is registered again if a long pause let it lapse). Each
 * iteration catches and logs its own failures; the loop only ends with {@link #stop(Duration)}.
 */
public class ClaimLoop {

    private static final Logger log = LoggerFactory.getLogger(ClaimLoop.class);

    private final JobOwnership ownership;
    private final Duration interval;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean sweepRequested = new AtomicBoolean();
    private final ReleaseChannel releases;
    private final MemberLease memberLease;
    private final Duration observeInterval;

    /**
     * @param interval the claim interval: a full sweep (PostgreSQL check-in, balance, claims) this often
     * @param observeInterval a scan of the lock table this often between sweeps ({@link
     *     JobOwnership#observe}); half the heartbeat period by default. Not scheduled when it is not
     *     shorter than {@code interval}
     */
    public ClaimLoop(
            JobOwnership ownership,
            Duration interval,
            Duration observeInterval,
            ReleaseChannel releases,
            MemberLease memberLease) {
        this(ownership, interval, observeInterval, releases, memberLease, claimThread());
    }

    /** With the executor the sweeps run on (tests drive it by stepping a clock). */
    ClaimLoop(
            JobOwnership ownership,
            Duration interval,
            Duration observeInterval,
            ReleaseChannel releases,
            MemberLease memberLease,
            ScheduledExecutorService executor) {
        this.ownership = ownership;
        this.memberLease = memberLease;
        this.interval = interval;
        this.observeInterval = observeInterval;
        this.releases = releases;
        this.executor = executor;
    }

    private static ScheduledExecutorService claimThread() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("scalepoc-claim-");
        threads.setDaemon(true);
        return Executors.newSingleThreadScheduledExecutor(threads);
    }

    public void start() {
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::sweepSafely, millis, millis, TimeUnit.MILLISECONDS);
        long observeMillis = observeInterval.toMillis();
        if (observeMillis < millis && ownership.canClaim()) {
            executor.scheduleWithFixedDelay(this::observeSafely, observeMillis, observeMillis, TimeUnit.MILLISECONDS);
        }
        if (ownership.canClaim()) {
            releases.listen(job -> sweepSoon());
        }
    }

    /**
     * Sweeps as soon as the claim thread is free (a peer announced a release). Requests arriving
     * while one is pending are folded into it.
     */
    public void sweepSoon() {
        if (ownership.canClaim() && sweepRequested.compareAndSet(false, true)) {
            try {
                executor.execute(this::sweepSafely);
            } catch (RejectedExecutionException e) {
                sweepRequested.set(false);
            }
        }
    }

    private void sweepSafely() {
        sweepRequested.set(false);
        try {
            memberLease.ensureHeld();
        } catch (RuntimeException e) {
            log.warn("Checking the member lease failed; retrying in {}: {}", interval, e.toString());
        }
        try {
            ownership.sweep();
        } catch (RuntimeException e) {
            log.error("Claim sweep failed; retrying in {}", interval, e);
        }
    }

    private void observeSafely() {
        try {
            ownership.observe();
        } catch (RuntimeException e) {
            log.error("Observing the lock table failed; retrying in {}", observeInterval, e);
        }
    }

    /**
     * Stops sweeping and waits up to {@code timeout} for a sweep in progress to finish (claiming has
     * stopped, so it ends at its next job; one stuck on an unreachable dependency is left behind).
     */
    public void stop(Duration timeout) {
        releases.stop();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Claim sweep still running {} after shutdown began; not waiting for it", timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
