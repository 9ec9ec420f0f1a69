package io.scalepoc.scheduling;

import io.scalepoc.config.JobProperties;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.control.Trigger;
import io.scalepoc.control.TriggerQueue;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionRecovery;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.execution.RunResult;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.OwnedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * One tick of an owned job's fixed-delay schedule. It first tells {@link JobOwnership} (which
 * carries out a hand-over that is due, between runs, or ends a schedule whose epoch is no longer
 * owned); then reads the facts ({@link LaunchGuard}, control state, orphans, last end), lets {@link
 * TickDecision} decide, and carries the decision out — a release goes back to ownership, a run goes
 * to the {@link JobRunner} on the tick's thread, between {@link JobOwnership#runStarting} (which
 * refuses it unless the job is still owned, idle and not being handed over) and {@link
 * JobOwnership#runEnded}. Returns when the next tick is due: when the job is next due after a run
 * completed, soon after one that did not; null when the schedule ends.
 */
final class JobTick implements Supplier<Instant> {

    private static final Logger log = LoggerFactory.getLogger(JobTick.class);
    /** Job parameter of a triggered run: the trigger's id, to follow it through the API. */
    static final String TRIGGER_ID = "trigger.id";

    private final OwnedJob job;
    private final JobProperties properties;
    private final ExecutionHistory history;
    private final ExecutionRecovery recovery;
    private final LaunchGuard guard;
    private final JobRunner runner;
    private final JobControlStore controls;
    private final TriggerQueue triggers;
    private final JobOwnership ownership;
    private final Duration releaseHoldOff;
    private final Clock clock;
    private boolean abandonedRequeued;

    JobTick(
            OwnedJob job,
            JobProperties properties,
            ExecutionHistory history,
            ExecutionRecovery recovery,
            LaunchGuard guard,
            JobRunner runner,
            JobControlStore controls,
            TriggerQueue triggers,
            JobOwnership ownership,
            Duration releaseHoldOff,
            Clock clock) {
        this.job = job;
        this.properties = properties;
        this.history = history;
        this.recovery = recovery;
        this.guard = guard;
        this.runner = runner;
        this.controls = controls;
        this.triggers = triggers;
        this.ownership = ownership;
        this.releaseHoldOff = releaseHoldOff;
        this.clock = clock;
    }

    @Override
    public Instant get() {
        if (!ownership.beginTick(job)) {
            return null; // handed over just now, or this epoch is no longer owned: the schedule ends
        }
        if (!abandonedRequeued) {
            int requeued = triggers.requeueAbandoned(job.name(), job.epoch());
            if (requeued > 0) {
                log.info(
                        "Job '{}': {} trigger(s) taken by a previous owner that never ran them are queued again",
                        job.name(),
                        requeued);
            }
            abandonedRequeued = true;
        }
        List<JobExecution> orphans = recovery.orphans(job);
        TickDecision.Facts facts = new TickDecision.Facts(
                guard.refusal(job),
                controls.get(job.name()),
                !orphans.isEmpty(),
                history.lastEnd(job.name()),
                job.since(),
                properties,
                clock.instant(),
                Resumption.plan(history.recent(job.name(), Resumption.depth(properties.retry())), properties));
        return carryOut(facts, orphans);
    }

    private Instant carryOut(TickDecision.Facts facts, List<JobExecution> orphans) {
        TickDecision.Action action = TickDecision.decide(facts);
        if (action instanceof TickDecision.Wait wait) {
            if (wait.reason() == TickDecision.Reason.REFUSED) {
                log.warn(
                        "Not launching job '{}': {}",
                        job.name(),
                        facts.refusal().orElseThrow());
            } else if (wait.reason() == TickDecision.Reason.PAUSED) {
                log.debug("Job '{}' is paused", job.name());
            } else if (wait.reason() == TickDecision.Reason.RETRY_BACKOFF
                    && facts.resumption() instanceof Resumption.Later later) {
                log.info(
                        "Job '{}' failed; restarting run.id {} at {} (attempt {} of {})",
                        job.name(),
                        later.runId(),
                        later.due(),
                        later.attempt(),
                        properties.retry().maxAttempts());
            }
            return wait.until();
        }
        if (action instanceof TickDecision.Release) {
            if (!controls.takeRelease(job.name())) {
                return carryOut(facts.withoutRelease(), orphans);
            }
            log.info("Releasing job '{}' as requested through the control API", job.name());
            ownership.release(job.name(), releaseHoldOff, "requested through the control API");
            return clock.instant().plus(TickDecision.recheck(properties)); // the release ended this schedule
        }
        if (!ownership.runStarting(job)) {
            log.debug("Not running job '{}': it is no longer owned idle here, or is being handed over", job.name());
            return clock.instant().plus(TickDecision.recheck(properties));
        }
        try {
            return run((TickDecision.Run) action, facts, orphans);
        } finally {
            ownership.runEnded(job);
        }
    }

    private Instant run(TickDecision.Run run, TickDecision.Facts facts, List<JobExecution> orphans) {
        Map<String, Object> extra = Map.of();
        boolean fresh = false; // a trigger with parameters always starts a new run, with them
        OptionalLong triggerId = OptionalLong.empty();
        if (run.takeTrigger()) {
            Optional<Trigger> trigger = triggers.takeNext(job.name(), job.epoch());
            if (trigger.isEmpty()) {
                return clock.instant(); // taken meanwhile: the next tick decides again, without it
            }
            triggerId = OptionalLong.of(trigger.get().id());
            log.info(
                    "Running job '{}' now: trigger {} through the control API{}",
                    job.name(),
                    trigger.get().id(),
                    trigger.get().parameters().isEmpty()
                            ? ""
                            : " with parameters " + trigger.get().parameters().keySet());
            extra = new LinkedHashMap<>(trigger.get().parameters());
            extra.put(TRIGGER_ID, trigger.get().id());
            fresh = !trigger.get().parameters().isEmpty();
        }
        if (!run.recover() && !fresh && facts.resumption() instanceof Resumption.Now now) {
            log.info("Resuming job '{}' run.id {} at once: {}", job.name(), now.runId(), now.why());
        }
        OptionalLong restart = run.recover() ? recovery.recover(job, orphans) : run.resume();
        if (fresh) {
            restart = OptionalLong.empty();
        }
        RunResult result = runner.run(job, restart, extra);
        endTrigger(triggerId, result);
        boolean completed = result.execution()
                .map(execution -> execution.getStatus() == BatchStatus.COMPLETED)
                .orElse(false);
        // After a triggered run, tick again at once: the next trigger may wait. After anything but a
        // completed run, look again soon: a failed run's retry may be due before the fixed delay (the
        // decision then waits for exactly the right time).
        Instant now = clock.instant();
        if (triggerId.isPresent()) {
            return now;
        }
        return completed ? properties.nextAfter(now) : now.plus(TickDecision.recheck(properties));
    }

    /**
     * Ends the trigger the run carried out: {@code taken} by this tick, or carried by the run's
     * parameters (a restart of a triggered run, e.g. after its owner died); puts a taken trigger back
     * when nothing was launched.
     */
    private void endTrigger(OptionalLong taken, RunResult result) {
        if (result.execution().isPresent()) {
            JobExecution execution = result.execution().get();
            Long carried = execution.getJobParameters().getLong(TRIGGER_ID);
            if (carried != null) {
                String reason = execution.getStatus() == BatchStatus.COMPLETED
                        ? null
                        : execution.getExitStatus().getExitDescription();
                triggers.ended(
                        carried,
                        execution.getStatus().name(),
                        OptionalLong.of(execution.getId()),
                        reason == null || reason.isEmpty() ? null : reason);
            }
        } else if (taken.isPresent() && result.failure().isPresent()) {
            triggers.ended(
                    taken.getAsLong(),
                    "FAILED",
                    OptionalLong.empty(),
                    "Could not launch: " + result.failure().get());
        } else if (taken.isPresent()) {
            triggers.putBack(taken.getAsLong());
        }
    }
}
