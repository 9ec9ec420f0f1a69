package io.scalepoc.scheduling;

import io.scalepoc.config.JobProperties;
import io.scalepoc.control.ControlChannel;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.control.TriggerQueue;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionRecovery;
import io.scalepoc.execution.JobCatalog;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.ownership.HandOver;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.ownership.OwnershipListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Keeps one fixed-delay schedule per owned job (a {@link TickLoop} of {@link JobTick}s) and none
 * for any other: schedules start when a job is acquired and end when it is released or lost. Jobs run on the {@code
 * scalepoc-job-} threads, one per job this replica can own at once (its tokens, plus the jobs that take
 * none), so every owned job can run at the same time and the threads do not grow with the catalog. A
 * control change announced on the {@link ControlChannel} wakes the job's schedule at once, and so
 * does a hand-over fair balancing or monitor spreading asks for: {@link JobOwnership} carries both
 * a requested release and a hand-over out at the job's next tick, between runs. Schedules are
 * per epoch: ending the schedule of one epoch never touches a later epoch's.
 */
public class JobScheduler implements OwnershipListener {

    private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);

    private final JobCatalog catalog;
    private final ExecutionHistory history;
    private final ExecutionRecovery recovery;
    private final LaunchGuard guard;
    private final JobRunner runner;
    private final JobControlStore controls;
    private final TriggerQueue triggers;
    private final JobOwnership ownership;
    private final Duration releaseHoldOff;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Map<String, Scheduled> schedules = new ConcurrentHashMap<>();

    private volatile boolean stopped;

    public JobScheduler(
            JobCatalog catalog,
            ExecutionHistory history,
            ExecutionRecovery recovery,
            LaunchGuard guard,
            JobRunner runner,
            JobControlStore controls,
            TriggerQueue triggers,
            ControlChannel controlChannel,
            JobOwnership ownership,
            Duration releaseHoldOff,
            int threads,
            Clock clock) {
        this.catalog = catalog;
        this.history = history;
        this.recovery = recovery;
        this.guard = guard;
        this.runner = runner;
        this.controls = controls;
        this.triggers = triggers;
        this.ownership = ownership;
        this.releaseHoldOff = releaseHoldOff;
        this.clock = clock;
        CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("scalepoc-job-");
        threadFactory.setDaemon(true);
        // one thread per job this replica can own at once (every owned job may run at the same time), not per catalog
        // job; fewer when scalepoc.max-concurrent-runs bounds them (a tick then waits for a free thread)
        this.executor = Executors.newScheduledThreadPool(Math.max(1, threads), threadFactory);
        controlChannel.onChange(this::wake);
    }

    @Override
    public void onAcquired(OwnedJob job) {
        if (stopped) {
            return;
        }
        JobProperties properties = catalog.properties(job.name());
        JobTick tick = new JobTick(
                job,
                properties,
                history,
                recovery,
                guard,
                runner,
                controls,
                triggers,
                ownership,
                releaseHoldOff,
                clock);
        TickLoop loop = new TickLoop(
                "job '" + job.name() + "'",
                executor,
                clock,
                () -> nextTick(job, tick),
                TickDecision.recheck(properties));
        Scheduled scheduled = new Scheduled(job, loop);
        Scheduled[] replaced = new Scheduled[1];
        Scheduled kept = schedules.compute(job.name(), (name, previous) -> {
            if (previous != null && previous.job().epoch() > job.epoch()) {
                return previous; // a later epoch is scheduled already
            }
            replaced[0] = previous;
            return scheduled;
        });
        if (kept != scheduled) {
            return;
        }
        if (replaced[0] != null) {
            replaced[0].loop().cancel();
        }
        loop.start();
        log.debug("Scheduled job '{}' every {} after its previous end", job.name(), properties.fixedDelay());
    }

    /** A tick, ending the schedule when ownership says so (handed over, or this epoch is no longer owned). */
    private Instant nextTick(OwnedJob job, JobTick tick) {
        Instant next = tick.get();
        if (next == null) {
            cancel(job);
        }
        return next;
    }

    @Override
    public void onReleased(OwnedJob job) {
        cancel(job);
    }

    /** The job's next tick (now, or right after its running execution) hands it over, if still due. */
    @Override
    public void onHandOverRequested(HandOver handOver) {
        wake(handOver.job());
    }

    @Override
    public void onLost(OwnedJob job) {
        cancel(job);
    }

    /** Runs the job's next tick now, if it is owned here. */
    public void wake(String jobName) {
        Scheduled schedule = schedules.get(jobName);
        if (schedule != null) {
            schedule.loop().wake();
        }
    }

    /**
     * Owned jobs (owned for longer than {@code grace}, so a schedule being set up does not count)
     * without a live schedule. A replica with any is broken: the liveness group reports it.
     */
    public List<String> deadSchedules(Collection<OwnedJob> owned, Duration grace) {
        Instant settled = clock.instant().minus(grace);
        List<String> dead = new ArrayList<>();
        for (OwnedJob job : owned) {
            Scheduled schedule = schedules.get(job.name());
            if (job.since().isBefore(settled)
                    && (schedule == null
                            || schedule.job() != job
                            || !schedule.loop().isAlive())) {
                dead.add(job.name());
            }
        }
        return dead;
    }

    /** Ends the schedule of {@code job}'s epoch (not a later epoch's). */
    private void cancel(OwnedJob job) {
        Scheduled schedule = schedules.get(job.name());
        if (schedule != null && schedule.job() == job && schedules.remove(job.name(), schedule)) {
            schedule.loop().cancel();
        }
    }

    /** No tick starts after this; a tick already running (a job execution) goes on. */
    public void stop() {
        stopped = true;
        schedules.values().forEach(schedule -> schedule.loop().cancel());
        schedules.clear();
        executor.shutdown();
    }

    /** The schedule of one epoch of a job. */
    private record Scheduled(OwnedJob job, TickLoop loop) {}
}
