package io.scalepoc.scheduling;

import io.scalepoc.config.JobProperties;
import io.scalepoc.control.JobControl;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one tick of an owned job's schedule does, decided from what the tick read ({@link Facts}):
 * a pure function, without I/O or clock, so that every branch is unit-tested with plain values.
 * In order:
 *
 * <ol>
 *   <li>the {@link LaunchGuard} refused (lease no longer held, epoch no longer current): wait and
 *       look again shortly;
 *   <li>a release was requested: give the job up, between executions (never under one);
 *   <li>paused: wait (a resume wakes the schedule; this is the fallback);
 *   <li>a previous owner left an execution running: recover it and restart it now (waiting
 *       triggers run after it);
 *   <li>a trigger waits: run the oldest now (continuing the latest run if {@link Resumption} would);
 *   <li>the latest run was interrupted by the cluster: restart it now ({@link Resumption.Now});
 *   <li>it failed and has attempts left: restart it when its back-off ends ({@link
 *       Resumption.Later});
 *   <li>not due yet ({@link DueTime}): wait until it is;
 *   <li>otherwise: run now.
 * </ol>
 */
final class TickDecision {

    private static final Duration MAX_RECHECK = Duration.ofSeconds(5);
    private static final Duration PAUSED_RECHECK = Duration.ofSeconds(30);

    private TickDecision() {}

    /**
     * What a tick read.
     *
     * @param refusal why the launch guard refuses, or empty
     * @param control the job's control state
     * @param orphansLeft whether executions a previous owner left running are recorded
     * @param lastEnd the end of the job's last execution, cluster-wide, if it ever ended
     * @param ownedSince when this replica acquired the job
     * @param job the job's catalog entry
     * @param now the replica's clock
     * @param resumption whether the next run continues the latest one, and when
     */
    record Facts(
            Optional<String> refusal,
            JobControl control,
            boolean orphansLeft,
            Optional<Instant> lastEnd,
            Instant ownedSince,
            JobProperties job,
            Instant now,
            Resumption.Plan resumption) {

        /** Facts of a job whose next run is a new one. */
        Facts(
                Optional<String> refusal,
                JobControl control,
                boolean orphansLeft,
                Optional<Instant> lastEnd,
                Instant ownedSince,
                JobProperties job,
                Instant now) {
            this(refusal, control, orphansLeft, lastEnd, ownedSince, job, now, new Resumption.Fresh());
        }

        /** The same facts with {@code plan} for the next run. */
        Facts withResumption(Resumption.Plan plan) {
            return new Facts(refusal, control, orphansLeft, lastEnd, ownedSince, job, now, plan);
        }

        /** The same facts without the requested release (another tick took it first). */
        Facts withoutRelease() {
            return new Facts(
                    refusal,
                    withControl(null, control.triggerRequestedAt()),
                    orphansLeft,
                    lastEnd,
                    ownedSince,
                    job,
                    now,
                    resumption);
        }

        /** The same facts without the requested trigger (another tick took it first). */
        Facts withoutTrigger() {
            return new Facts(
                    refusal,
                    withControl(control.releaseRequestedAt(), null),
                    orphansLeft,
                    lastEnd,
                    ownedSince,
                    job,
                    now,
                    resumption);
        }

        private JobControl withControl(Instant releaseRequestedAt, Instant triggerRequestedAt) {
            return new JobControl(
                    control.jobName(),
                    control.paused(),
                    control.pausedBy(),
                    control.pausedAt(),
                    control.pauseReason(),
                    triggerRequestedAt,
                    releaseRequestedAt);
        }
    }

    /** What the tick does. */
    sealed interface Action {}

    /** Launches nothing; the next tick is at {@code until}. */
    record Wait(Instant until, Reason reason) implements Action {}

    /** Takes the release request and gives the job up. */
    record Release() implements Action {}

    /**
     * Launches the job now.
     *
     * @param recover recover the orphans first, and restart the latest of them rather than start a new run
     * @param takeTrigger the run carries out the requested trigger (which the tick takes)
     * @param resume the {@code run.id} to restart (the latest run, interrupted or failed), or empty
     *     for a new run; empty when {@code recover}
     */
    record Run(boolean recover, boolean takeTrigger, OptionalLong resume) implements Action {

        /** A run that continues nothing but, perhaps, the orphans. */
        Run(boolean recover, boolean takeTrigger) {
            this(recover, takeTrigger, OptionalLong.empty());
        }
    }

    enum Reason {
        REFUSED,
        PAUSED,
        RETRY_BACKOFF,
        NOT_DUE
    }

    static Action decide(Facts facts) {
        JobControl control = facts.control();
        if (facts.refusal().isPresent()) {
            return new Wait(facts.now().plus(recheck(facts.job())), Reason.REFUSED);
        }
        if (control.releaseRequested()) {
            return new Release();
        }
        if (control.paused()) {
            return new Wait(facts.now().plus(pausedRecheck(facts.job())), Reason.PAUSED);
        }
        Resumption.Plan resumption = facts.resumption();
        if (facts.orphansLeft()) {
            return new Run(true, false);
        }
        if (control.triggerRequested()) {
            return new Run(false, true, resumed(resumption));
        }
        if (resumption instanceof Resumption.Now now) {
            return new Run(false, false, OptionalLong.of(now.runId()));
        }
        if (resumption instanceof Resumption.Later later) {
            return facts.now().isBefore(later.due())
                    ? new Wait(later.due(), Reason.RETRY_BACKOFF)
                    : new Run(false, false, OptionalLong.of(later.runId()));
        }
        Instant due = DueTime.next(facts.lastEnd(), facts.ownedSince(), facts.job());
        if (facts.now().isBefore(due)) {
            return new Wait(due, Reason.NOT_DUE);
        }
        return new Run(false, false);
    }

    private static OptionalLong resumed(Resumption.Plan plan) {
        if (plan instanceof Resumption.Now now) {
            return OptionalLong.of(now.runId());
        }
        if (plan instanceof Resumption.Later later) {
            return OptionalLong.of(later.runId());
        }
        return OptionalLong.empty();
    }

    /** How soon a tick that launched nothing (refused, released, failed) looks again: the fixed delay, at most 5 s. */
    static Duration recheck(JobProperties job) {
        return job.fixedDelay().compareTo(MAX_RECHECK) < 0 ? job.fixedDelay() : MAX_RECHECK;
    }

    /** A paused job is woken by its resume; this is the fallback if that notification is lost: the fixed delay, at most 30 s. */
    static Duration pausedRecheck(JobProperties job) {
        return job.fixedDelay().compareTo(PAUSED_RECHECK) < 0 ? job.fixedDelay() : PAUSED_RECHECK;
    }
}
