package io.scalepoc.scheduling;

import io.scalepoc.config.ScalePocProperties.JobProperties;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * The fixed-delay schedule of one owned job: a tick that reschedules itself. Each tick first
 * recovers and restarts an execution a previous owner left running; otherwise, if the job is due
 * (see {@link DueTime}) and the {@link LaunchGuard} allows it, runs the job on the tick's thread
 * and schedules the next tick a fixed delay after it ended. A tick that fails is retried after a
 * short back-off; the schedule only ends when cancelled.
 */
final class JobSchedule {

    private static final Logger log = LoggerFactory.getLogger(JobSchedule.class);
    private static final Duration MAX_RECHECK = Duration.ofSeconds(5);

    private final OwnedJob job;
    private final JobProperties properties;
    private final ScheduledExecutorService executor;
    private final ExecutionHistory history;
    private final ExecutionRecovery recovery;
    private final LaunchGuard guard;
    private final JobRunner runner;
    private final Clock clock;
    private volatile boolean cancelled;
    private volatile ScheduledFuture<?> next;

    JobSchedule(
            OwnedJob job,
            JobProperties properties,
            ScheduledExecutorService executor,
            ExecutionHistory history,
            ExecutionRecovery recovery,
            LaunchGuard guard,
            JobRunner runner,
            Clock clock) {
        this.job = job;
        this.properties = properties;
        this.executor = executor;
        this.history = history;
        this.recovery = recovery;
        this.guard = guard;
        this.runner = runner;
        this.clock = clock;
    }

    void start() {
        scheduleAt(clock.instant());
    }

    void cancel() {
        cancelled = true;
        ScheduledFuture<?> future = next;
        if (future != null) {
            future.cancel(false);
        }
    }

    private void tick() {
        if (cancelled) {
            return;
        }
        Instant nextTick;
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
        }
        scheduleAt(nextTick);
    }

    private Instant runIfDue() {
        Optional<String> refusal = guard.refusal(job);
        if (refusal.isPresent()) {
            log.warn("Not launching job '{}': {}", job.name(), refusal.get());
            return clock.instant().plus(recheckDelay());
        }
        OptionalLong restart = recovery.recoverOrphans(job);
        if (restart.isEmpty()) {
            Instant due = DueTime.next(history.lastEnd(job.name()), job.since(), properties);
            if (clock.instant().isBefore(due)) {
                return due;
            }
        }
        runner.run(job, restart);
        return clock.instant().plus(properties.fixedDelay());
    }

    private Duration recheckDelay() {
        return properties.fixedDelay().compareTo(MAX_RECHECK) < 0 ? properties.fixedDelay() : MAX_RECHECK;
    }

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
