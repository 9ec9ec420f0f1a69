package io.scalepoc.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.ScalePocProperties.JobProperties;
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
}
