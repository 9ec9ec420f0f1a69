package io.scalepoc.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.JobProperties;
import io.scalepoc.config.RetryProperties;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.scheduling.Resumption.Fresh;
import io.scalepoc.scheduling.Resumption.Later;
import io.scalepoc.scheduling.Resumption.Now;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which run comes next and when, from the job's recent executions (newest first); plain values. */
class ResumptionTest {

    private static final JobProperties RETRY =
            hourly(new RetryProperties(3, Duration.ofSeconds(10), Duration.ofSeconds(15)));
    private static final Instant END = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void shouldStartFreshWhenTheJobNeverRanOrItsLatestRunCompletedOrStillRuns() {
        assertThat(Resumption.plan(List.of(), RETRY)).isEqualTo(new Fresh());
        assertThat(Resumption.plan(List.of(execution(9, 4, "COMPLETED", "")), RETRY))
                .isEqualTo(new Fresh());
        assertThat(Resumption.plan(List.of(execution(9, 4, "STARTED", "")), RETRY))
                .isEqualTo(new Fresh());
    }

    @Test
    void shouldResumeAStoppedRunAtOnce() {
        assertThat(Resumption.plan(List.of(execution(9, 4, "STOPPED", "")), RETRY))
                .isEqualTo(new Now(4, "it was stopped"));
    }

    @Test
    void shouldResumeARunEndedByAnOwnershipChangeAtOnceWhateverFailedBefore() {
        for (String message : List.of(
                "Fenced: job 'x' execution carries epoch 1 but the current epoch is 2",
                "Superseded: replica 'a' lost job 'x' at epoch 1 to epoch 2",
                "Recovered by 'b' at epoch 2: left STARTED by 'a' (epoch 1)")) {
            assertThat(Resumption.plan(
                            List.of(
                                    execution(9, 4, "FAILED", message),
                                    execution(8, 4, "FAILED", "Failed: boom"),
                                    execution(7, 4, "FAILED", "Failed: boom")),
                            RETRY))
                    .isEqualTo(new Now(4, "ownership moved while it ran"));
        }
    }

    @Test
    void shouldRetryAFailedRunAfterABackOffThatDoublesUpToItsMaximum() {
        assertThat(Resumption.plan(List.of(execution(9, 4, "FAILED", "Failed: boom")), RETRY))
                .isEqualTo(new Later(4, END.plusSeconds(10), 2));
        assertThat(Resumption.plan(
                        List.of(execution(9, 4, "FAILED", "Failed: boom"), execution(8, 4, "FAILED", "Failed: boom")),
                        RETRY))
                .isEqualTo(new Later(4, END.plusSeconds(15), 3));
    }

    @Test
    void shouldNotCountInterruptionsAsFailuresNorLetThemBreakARunOfFailures() {
        assertThat(Resumption.plan(
                        List.of(
                                execution(9, 4, "FAILED", "Failed: boom"),
                                execution(8, 4, "STOPPED", ""),
                                execution(7, 4, "FAILED", "Fenced: job 'x' …"),
                                execution(6, 4, "FAILED", "Failed: boom"),
                                execution(5, 3, "COMPLETED", ""),
                                execution(4, 2, "FAILED", "Failed: earlier")),
                        RETRY))
                .isEqualTo(new Later(4, END.plusSeconds(15), 3));
    }

    @Test
    void shouldLeaveTheRunFailedAndStartFreshOnceTheAttemptsAreSpent() {
        List<ExecutionSummary> threeFailures = List.of(
                execution(9, 4, "FAILED", "Failed: boom"),
                execution(8, 4, "FAILED", "Failed: boom"),
                execution(7, 4, "FAILED", "Failed: boom"));
        assertThat(Resumption.plan(threeFailures, RETRY)).isEqualTo(new Fresh());
        assertThat(Resumption.plan(
                        threeFailures.subList(0, 1),
                        hourly(new RetryProperties(1, Duration.ofSeconds(1), Duration.ofSeconds(1)))))
                .as("max-attempts 1 never retries")
                .isEqualTo(new Fresh());
    }

    @Test
    void shouldNeverWaitLongerForARetryThanTheScheduleWould() {
        JobProperties everyFiveSeconds =
                new JobProperties(Duration.ofSeconds(5), Duration.ZERO, 1, Duration.ofHours(1), true, RETRY.retry());
        assertThat(Resumption.plan(List.of(execution(9, 4, "FAILED", "Failed: boom")), everyFiveSeconds))
                .isEqualTo(new Later(4, END.plusSeconds(5), 2));
    }

    @Test
    void shouldRetryACronJobNoLaterThanItsNextFire() {
        JobProperties everyMinute = new JobProperties(
                Duration.ofSeconds(60),
                Duration.ZERO,
                1,
                Duration.ofHours(1),
                true,
                RETRY.retry(),
                "0 * * * * *",
                "UTC");
        ExecutionSummary failed = execution(9, 4, "FAILED", "Failed: boom"); // ended at 10:00:00
        assertThat(Resumption.plan(List.of(failed), everyMinute)).isEqualTo(new Later(4, END.plusSeconds(10), 2));
        ExecutionSummary late = new ExecutionSummary(
                "orders-sync", 9, "FAILED", "FAILED", "Failed: boom", END, END.plusSeconds(55), "replica-a", 1L, 4L);
        assertThat(Resumption.plan(List.of(late), everyMinute))
                .as("10 s after 10:00:55 would be after the 10:01:00 fire")
                .isEqualTo(new Later(4, END.plusSeconds(60), 2));
    }

    @Test
    void shouldComputeTheBackOffOfEachFailure() {
        RetryProperties retry = new RetryProperties(10, Duration.ofSeconds(1), Duration.ofSeconds(20));
        assertThat(List.of(1, 2, 3, 4, 5, 6, 60).stream().map(retry::backoff))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(20),
                        Duration.ofSeconds(20));
    }

    private static JobProperties hourly(RetryProperties retry) {
        return new JobProperties(Duration.ofHours(1), Duration.ZERO, 1, Duration.ofHours(2), true, retry);
    }

    private static ExecutionSummary execution(long id, long runId, String status, String exitMessage) {
        boolean ended = !status.equals("STARTED");
        return new ExecutionSummary(
                "orders-sync",
                id,
                status,
                status,
                exitMessage,
                END.minusSeconds(5),
                ended ? END : null,
                "replica-a",
                1L,
                runId);
    }
}
