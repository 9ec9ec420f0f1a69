package io.scalepoc.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.JobProperties;
import io.scalepoc.control.JobControl;
import io.scalepoc.scheduling.TickDecision.Facts;
import io.scalepoc.scheduling.TickDecision.Reason;
import io.scalepoc.scheduling.TickDecision.Release;
import io.scalepoc.scheduling.TickDecision.Run;
import io.scalepoc.scheduling.TickDecision.Wait;
import io.scalepoc.testsupport.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every branch of a tick's decision, stepping a clock; no Spring context, no database. */
class TickDecisionTest {

    private static final String JOB = "orders-sync";
    private static final JobProperties EVERY_10S =
            new JobProperties(Duration.ofSeconds(10), Duration.ofSeconds(3), 1, Duration.ofMinutes(5), true);
    private static final JobProperties EVERY_2S =
            new JobProperties(Duration.ofSeconds(2), Duration.ZERO, 1, Duration.ofMinutes(5), true);
    private static final JobProperties EVERY_5M =
            new JobProperties(Duration.ofMinutes(5), Duration.ZERO, 1, Duration.ofMinutes(5), true);

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final Instant ownedSince = clock.instant();

    @Test
    void shouldWaitUntilTheInitialDelayAfterTheClaimForAJobThatNeverRanThenRunIt() {
        assertThat(decide(facts(EVERY_10S, none(), Optional.empty())))
                .isEqualTo(new Wait(ownedSince.plusSeconds(3), Reason.NOT_DUE));

        clock.step(Duration.ofMillis(2999));
        assertThat(decide(facts(EVERY_10S, none(), Optional.empty()))).isInstanceOf(Wait.class);

        clock.step(Duration.ofMillis(1));
        assertThat(decide(facts(EVERY_10S, none(), Optional.empty()))).isEqualTo(new Run(false, false));
    }

    @Test
    void shouldWaitAFixedDelayAfterTheLastEndWhicheverReplicaRanIt() {
        Instant lastEnd = clock.instant().minusSeconds(4);

        assertThat(decide(facts(EVERY_10S, none(), Optional.of(lastEnd))))
                .isEqualTo(new Wait(lastEnd.plusSeconds(10), Reason.NOT_DUE));

        clock.step(Duration.ofSeconds(6));
        assertThat(decide(facts(EVERY_10S, none(), Optional.of(lastEnd)))).isEqualTo(new Run(false, false));
    }

    @Test
    void shouldRunATriggeredJobAtOnceAndTakeTheTrigger() {
        Instant lastEnd = clock.instant();

        assertThat(decide(facts(EVERY_10S, triggered(), Optional.of(lastEnd)))).isEqualTo(new Run(false, true));
    }

    @Test
    void shouldRecoverAndRestartAnOrphanAtOnceLeavingWaitingTriggersForTheNextTicks() {
        Instant lastEnd = clock.instant();
        Facts orphaned =
                new Facts(Optional.empty(), none(), true, Optional.of(lastEnd), ownedSince, EVERY_10S, clock.instant());
        Facts orphanedAndTriggered = new Facts(
                Optional.empty(), triggered(), true, Optional.of(lastEnd), ownedSince, EVERY_10S, clock.instant());

        assertThat(decide(orphaned)).isEqualTo(new Run(true, false));
        assertThat(decide(orphanedAndTriggered))
                .as("a trigger is a run of its own, after the recovered one")
                .isEqualTo(new Run(true, false));
    }

    @Test
    void shouldNotRunAPausedJobEvenWhenDueOrTriggeredAndLookAgainWithinThirtySeconds() {
        Instant longAgo = clock.instant().minus(Duration.ofHours(1));

        assertThat(decide(facts(EVERY_10S, paused(false), Optional.of(longAgo))))
                .isEqualTo(new Wait(clock.instant().plusSeconds(10), Reason.PAUSED));
        assertThat(decide(facts(EVERY_5M, paused(true), Optional.of(longAgo))))
                .isEqualTo(new Wait(clock.instant().plusSeconds(30), Reason.PAUSED));
    }

    @Test
    void shouldReleaseWhenAskedEvenIfPausedTriggeredOrOrphaned() {
        JobControl everything =
                new JobControl(JOB, true, "ops", clock.instant(), "maintenance", clock.instant(), clock.instant());
        Facts facts =
                new Facts(Optional.empty(), everything, true, Optional.empty(), ownedSince, EVERY_10S, clock.instant());

        assertThat(decide(facts)).isEqualTo(new Release());
        assertThat(decide(facts.withoutRelease()))
                .as("another tick took the release first")
                .isEqualTo(new Wait(clock.instant().plusSeconds(10), Reason.PAUSED));
    }

    @Test
    void shouldLaunchNothingWhileTheGuardRefusesAndLookAgainWithinFiveSeconds() {
        JobControl releaseAndTrigger = new JobControl(JOB, false, null, null, null, clock.instant(), clock.instant());

        assertThat(decide(new Facts(
                        Optional.of("its lease is no longer held"),
                        releaseAndTrigger,
                        true,
                        Optional.empty(),
                        ownedSince,
                        EVERY_10S,
                        clock.instant())))
                .isEqualTo(new Wait(clock.instant().plusSeconds(5), Reason.REFUSED));
        assertThat(decide(new Facts(
                        Optional.of("its epoch 3 is no longer current (now 4)"),
                        none(),
                        false,
                        Optional.empty(),
                        ownedSince,
                        EVERY_2S,
                        clock.instant())))
                .as("a job with a shorter fixed delay looks again sooner")
                .isEqualTo(new Wait(clock.instant().plusSeconds(2), Reason.REFUSED));
    }

    @Test
    void shouldDecideByTheDueTimeOnceAnotherTickTookTheTrigger() {
        Instant lastEnd = clock.instant().minusSeconds(1);

        assertThat(decide(facts(EVERY_10S, triggered(), Optional.of(lastEnd)).withoutTrigger()))
                .isEqualTo(new Wait(lastEnd.plusSeconds(10), Reason.NOT_DUE));
    }

    @Test
    void shouldResumeAnInterruptedRunAtOnceEvenBeforeTheFixedDelay() {
        Instant lastEnd = clock.instant().minusSeconds(1);
        Facts facts =
                facts(EVERY_10S, none(), Optional.of(lastEnd)).withResumption(new Resumption.Now(4, "it was stopped"));

        assertThat(decide(facts)).isEqualTo(new Run(false, false, OptionalLong.of(4)));
    }

    @Test
    void shouldRestartAFailedRunWhenItsBackOffEndsAndATriggerSooner() {
        Instant lastEnd = clock.instant().minusSeconds(1);
        Resumption.Later retry = new Resumption.Later(4, clock.instant().plusSeconds(3), 2);
        Facts facts = facts(EVERY_10S, none(), Optional.of(lastEnd)).withResumption(retry);

        assertThat(decide(facts)).isEqualTo(new Wait(retry.due(), Reason.RETRY_BACKOFF));
        assertThat(decide(facts(EVERY_10S, triggered(), Optional.of(lastEnd)).withResumption(retry)))
                .isEqualTo(new Run(false, true, OptionalLong.of(4)));

        clock.step(Duration.ofSeconds(3));
        assertThat(decide(facts(EVERY_10S, none(), Optional.of(lastEnd)).withResumption(retry)))
                .isEqualTo(new Run(false, false, OptionalLong.of(4)));
    }

    @Test
    void shouldRecoverOrphansRatherThanResumeTheLatestRun() {
        Facts orphaned = new Facts(
                Optional.empty(),
                none(),
                true,
                Optional.empty(),
                ownedSince,
                EVERY_10S,
                clock.instant(),
                new Resumption.Now(4, "it was stopped"));

        assertThat(decide(orphaned)).isEqualTo(new Run(true, false, OptionalLong.empty()));
    }

    private static TickDecision.Action decide(Facts facts) {
        return TickDecision.decide(facts);
    }

    private Facts facts(JobProperties job, JobControl control, Optional<Instant> lastEnd) {
        return new Facts(Optional.empty(), control, false, lastEnd, ownedSince, job, clock.instant());
    }

    private static JobControl none() {
        return JobControl.none(JOB);
    }

    private JobControl triggered() {
        return new JobControl(JOB, false, null, null, null, clock.instant(), null);
    }

    private JobControl paused(boolean triggered) {
        return new JobControl(
                JOB, true, "ops", clock.instant(), "maintenance", triggered ? clock.instant() : null, null);
    }
}
