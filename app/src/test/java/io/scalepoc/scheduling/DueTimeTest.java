package io.scalepoc.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.JobProperties;
import io.scalepoc.config.RetryProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DueTimeTest {

    private static final JobProperties JOB =
            new JobProperties(Duration.ofSeconds(30), Duration.ofMinutes(5), 1, Duration.ofHours(1), true);
    private static final Instant ACQUIRED = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void shouldRunAJobThatNeverRanAfterTheInitialDelayFromAcquisition() {
        assertThat(DueTime.next(Optional.empty(), ACQUIRED, JOB)).isEqualTo(ACQUIRED.plus(Duration.ofMinutes(5)));
    }

    @Test
    void shouldRunAJobWithHistoryAFixedDelayAfterItsLastEndWhoeverRanIt() {
        Instant lastEnd = ACQUIRED.minusSeconds(10);

        assertThat(DueTime.next(Optional.of(lastEnd), ACQUIRED, JOB)).isEqualTo(lastEnd.plusSeconds(30));
    }

    @Test
    void shouldMakeAnOverdueJobDueInThePast() {
        Instant lastEnd = ACQUIRED.minus(Duration.ofHours(2));

        assertThat(DueTime.next(Optional.of(lastEnd), ACQUIRED, JOB)).isBefore(ACQUIRED);
    }

    private static final JobProperties EVERY_FIVE_MINUTES = cron("0 */5 * * * *", "UTC");

    @Test
    void shouldMakeACronJobDueAtTheFirstFireTimeAfterItsLastEnd() {
        Instant lastEnd = Instant.parse("2026-11-21T10:00:07Z");

        assertThat(DueTime.next(Optional.of(lastEnd), ACQUIRED, EVERY_FIVE_MINUTES))
                .isEqualTo(Instant.parse("2026-11-21T10:05:00Z"));
    }

    @Test
    void shouldRunMissedFiresOfACronJobOnceAtOnceThenKeepToTheFireTimes() {
        // the job last ended at 10:00:07; its owner died and a peer took it over at 10:23
        Instant lastEnd = Instant.parse("2026-11-21T10:00:07Z");
        Instant takeover = Instant.parse("2026-11-21T10:23:00Z");

        Instant due = DueTime.next(Optional.of(lastEnd), takeover, EVERY_FIVE_MINUTES);
        assertThat(due).as("four fires were missed: due at once").isBefore(takeover);

        Instant catchUpEnd = takeover.plusSeconds(4);
        assertThat(DueTime.next(Optional.of(catchUpEnd), takeover, EVERY_FIVE_MINUTES))
                .as("one run, then the next fire time: no burst")
                .isEqualTo(Instant.parse("2026-11-21T10:25:00Z"));
    }

    @Test
    void shouldStartACronJobThatNeverRanAtItsFirstFireAfterTheInitialDelay() {
        JobProperties daily = cron("0 30 2 * * *", "Europe/Berlin"); // 02:30 in Berlin = 01:30 UTC in November

        assertThat(DueTime.next(Optional.empty(), ACQUIRED, daily)).isEqualTo(Instant.parse("2026-11-22T01:30:00Z"));
    }

    private static JobProperties cron(String expression, String zone) {
        return new JobProperties(
                Duration.ofSeconds(60),
                Duration.ZERO,
                1,
                Duration.ofHours(1),
                true,
                RetryProperties.DEFAULTS,
                expression,
                zone);
    }
}
