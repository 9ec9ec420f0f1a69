package io.scalepoc.scheduling;

import io.scalepoc.config.ScalePocProperties.JobProperties;
import io.scalepoc.control.JobControl;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionRecovery;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.ownership.OwnedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * The fixed-delay schedule of one owned job: a tick that reschedules itself. Each tick checks the
 * {@link LaunchGuard} and the job's control state: a requested release gives the job up (between
 * executions, never under one); a paused job does not run. Otherwise it recovers and restarts an
 * execution a previous owner left running, or, if the job is due (see {@link DueTime}) or a
 * trigger was requested, runs the job on the tick's thread and schedules the next tick a fixed
 * delay after it ended. A tick that fails is retried after a short back-off; the schedule only
 * ends when cancelled.
 *
 * <p>{@link #wake()} (a control change) moves the next tick to now; a wake during a tick makes the
 * tick run again straight after. At most one tick of a schedule runs or waits at any time: {@code
 * lock} guards {@code ticking}, {@code next} and {@code wakeRequested}.
 */
final class JobSchedule {

    private static final Logger log = LoggerFactory.getLogger(JobSchedule.class);
    private static final Duration MAX_RECHECK = Duration.ofSeconds(5);
    private static final Duration PAUSED_RECHECK = Duration.ofSeconds(30);

    private final OwnedJob job;
    private final JobProperties properties;
    private final ScheduledExecutorService executor;
    private final ExecutionHistory history;
    private final ExecutionRecovery recovery;
    private final LaunchGuard guard;
    private final JobRunner runner;
    private final JobControlStore controls;
    private final Consumer<String> releaser;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile boolean cancelled;
    private volatile boolean ticking;
    private volatile ScheduledFuture<?> next;
    private boolean wakeRequested;

    JobSchedule(
            OwnedJob job,
            JobProperties properties,
            ScheduledExecutorService executor,
            ExecutionHistory history,
            ExecutionRecovery recovery,
            LaunchGuard guard,
            JobRunner runner,
            JobControlStore controls,
            Consumer<String> releaser,
            Clock clock) {
        this.job = job;
        this.properties = properties;
        this.executor = executor;
        this.history = history;
        this.recovery = recovery;
        this.guard = guard;
        this.runner = runner;
        this.controls = controls;
        this.releaser = releaser;
        this.clock = clock;
    }

    void start() {
        synchronized (lock) {
            scheduleAt(clock.instant());
        }
    }

    /** Runs the next tick now (its control state changed). */
    void wake() {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            if (ticking) {
                wakeRequested = true;
                return;
            }
            ScheduledFuture<?> future = next;
            if (future != null && !future.cancel(false)) {
                return; // the tick is starting this moment and reads the control state itself
            }
            scheduleAt(clock.instant());
        }
    }

    /**
     * Whether the schedule still has a tick running or waiting. False when it was cancelled or when a
     * tick ended without scheduling the next one (an Error, or the executor refused it).
     */
    boolean isAlive() {
        ScheduledFuture<?> future = next;
        return !cancelled && (ticking || (future != null && !future.isDone()));
    }

    void cancel() {
        cancelled = true;
        ScheduledFuture<?> future = next;
        if (future != null) {
            future.cancel(false);
        }
    }

    private void tick() {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            ticking = true;
            wakeRequested = false;
        }
        Instant nextTick = null;
        try {
            nextTick = runIfDue();
        } catch (DataAccessException e) {
            log.warn(
                    "Tick of job '{}' failed, PostgreSQL unavailable? Retrying in {}: {}",
                    job.name(),
                    recheckDelay(),
                    e.getMostSpecificCause().toString());
            nextTick = clock.instant().plus(recheckDelay());
        } catch (RuntimeException e) {
            log.error("Tick of job '{}' failed; retrying in {}", job.name(), recheckDelay(), e);
            nextTick = clock.instant().plus(recheckDelay());
        } finally {
            synchronized (lock) {
                ticking = false;
                if (nextTick != null) {
                    scheduleAt(wakeRequested ? clock.instant() : nextTick);
                }
            }
        }
    }

    private Instant runIfDue() {
        Optional<String> refusal = guard.refusal(job);
        if (refusal.isPresent()) {
            log.warn("Not launching job '{}': {}", job.name(), refusal.get());
            return clock.instant().plus(recheckDelay());
        }
        JobControl control = controls.get(job.name());
        if (control.releaseRequested() && controls.takeRelease(job.name())) {
            log.info("Releasing job '{}' as requested through the control API", job.name());
            releaser.accept(job.name());
            return clock.instant().plus(recheckDelay()); // the release cancelled this schedule
        }
        if (control.paused()) {
            log.debug("Job '{}' is paused", job.name());
            return clock.instant().plus(pausedRecheck());
        }
        boolean triggered = control.triggerRequested() && controls.takeTrigger(job.name());
        if (triggered) {
            log.info("Running job '{}' now: triggered through the control API", job.name());
        }
        OptionalLong restart = recovery.recoverOrphans(job);
        if (restart.isEmpty() && !triggered) {
            Instant due = DueTime.next(history.lastEnd(job.name()), job.since(), properties);
            if (clock.instant().isBefore(due)) {
                return due;
            }
        }
        runner.run(job, restart);
        return clock.instant().plus(properties.fixedDelay());
    }

    /** A paused job is woken by its resume; this is the fallback if that notification is lost. */
    private Duration pausedRecheck() {
        return properties.fixedDelay().compareTo(PAUSED_RECHECK) < 0 ? properties.fixedDelay() : PAUSED_RECHECK;
    }

    private Duration recheckDelay() {
        return properties.fixedDelay().compareTo(MAX_RECHECK) < 0 ? properties.fixedDelay() : MAX_RECHECK;
    }

    /** Called with {@code lock} held. */
    private void scheduleAt(Instant at) {
        if (cancelled) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        try {
            next = executor.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("Schedule of job '{}' ends: the scheduler is shut down", job.name());
        }
    }
}
