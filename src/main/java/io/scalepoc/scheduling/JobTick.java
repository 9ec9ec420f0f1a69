package io.scalepoc.scheduling;

import io.scalepoc.config.ScalePocProperties.JobProperties;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.control.Trigger;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionRecovery;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.ownership.HandOver;
import io.scalepoc.ownership.OwnedJob;
import java.time.Clock;
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
 * One tick of an owned job's fixed-delay schedule: reads the facts ({@link LaunchGuard}, control
 * state, orphans, last end), lets {@link TickDecision} decide, and carries the decision out — a
 * release goes back to ownership, a run goes to the {@link JobRunner} on the tick's thread. Returns
 * when the next tick is due: when the job is next due after a run completed, soon after one that
 * did not.
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
    private final Releaser releaser;
    private final Supplier<Optional<HandOver>> handOverRequested;
    private final Clock clock;

    JobTick(
            OwnedJob job,
            JobProperties properties,
            ExecutionHistory history,
            ExecutionRecovery recovery,
            LaunchGuard guard,
            JobRunner runner,
            JobControlStore controls,
            Releaser releaser,
            Supplier<Optional<HandOver>> handOverRequested,
            Clock clock) {
        this.job = job;
        this.properties = properties;
        this.history = history;
        this.recovery = recovery;
        this.guard = guard;
        this.runner = runner;
        this.controls = controls;
        this.releaser = releaser;
        this.handOverRequested = handOverRequested;
        this.clock = clock;
    }

    @Override
    public Instant get() {
        Optional<HandOver> handOver = handOverRequested.get();
        if (handOver.isPresent()) {
            if (handOver.get().isDue(clock.instant())) {
                // between runs: a tick is the only place a run of this job starts, so no run can start
                // between this decision and the release
                log.info("Handing job '{}' over: {}", job.name(), handOver.get().reason());
                releaser.release(
                        job.name(), handOver.get().holdOff(), handOver.get().reason());
                return clock.instant().plus(TickDecision.recheck(properties));
            }
            log.info(
                    "Not handing job '{}' over: the request ({}) lapsed at {} while the job ran; the next sweep "
                            + "decides again",
                    job.name(),
                    handOver.get().reason(),
                    handOver.get().notAfter());
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
            releaser.release(job.name(), null, "requested through the control API");
            return clock.instant().plus(TickDecision.recheck(properties)); // the release ended this schedule
        }
        TickDecision.Run run = (TickDecision.Run) action;
        Map<String, Object> extra = Map.of();
        boolean fresh = false; // a trigger with parameters always starts a new run, with them
        if (run.takeTrigger()) {
            Optional<Trigger> trigger = controls.takeTrigger(job.name());
            if (trigger.isEmpty()) {
                return carryOut(facts.withoutTrigger(), orphans);
            }
            log.info(
                    "Running job '{}' now: trigger {} through the control API{}",
                    job.name(),
                    trigger.get().id(),
                    trigger.get().parameters().isEmpty()
                            ? ""
                            : " with " + trigger.get().parameters());
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
        boolean completed = runner.run(job, restart, extra)
                .map(execution -> execution.getStatus() == BatchStatus.COMPLETED)
                .orElse(false);
        // After anything but a completed run, look again soon: a failed run's retry may be due
        // before the fixed delay (the decision then waits for exactly the right time).
        Instant now = clock.instant();
        return completed ? properties.nextAfter(now) : now.plus(TickDecision.recheck(properties));
    }

    /** Releases an owned job: {@code holdOff} null for the scheduler's own (a release through the API). */
    @FunctionalInterface
    interface Releaser {
        void release(String jobName, java.time.Duration holdOff, String why);
    }
}
