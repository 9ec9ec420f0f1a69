package io.scalepoc.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.JobProperties;
import io.scalepoc.execution.ExecutionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreshnessTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final JobProperties JOB =
            new JobProperties(Duration.ofMinutes(1), Duration.ZERO, 1, Duration.ofMinutes(10), true);
    private static final JobProperties MONITOR =
            new JobProperties(Duration.ofSeconds(10), Duration.ZERO, 0, Duration.ofMinutes(5), true);

    @Test
    void shouldCallAJobStaleOnlyOnceItIsLaterThanDuePlusGrace() {
        Instant lastEnd = T0;
        Instant due = lastEnd.plus(JOB.fixedDelay());

        assertThat(check("orders", JOB, false, lastEnd, null, due, due.plus(GRACE)))
                .isEmpty();
        assertThat(check(
                        "orders",
                        JOB,
                        false,
                        lastEnd,
                        null,
                        due,
                        due.plus(GRACE).plusSeconds(1)))
                .containsOnlyKeys(new AlertKey(AlertType.STALE, "orders"))
                .containsValue("job 'orders' last ended at 2026-11-21T10:00:00Z and was due again at "
                        + "2026-11-21T10:01:00Z, 31s ago");
    }

    @Test
    void shouldCallAJobThatNeverRanStaleFromItsDueTimeAndNotJudgeItWithoutOne() {
        Instant due = T0.plusSeconds(5);

        assertThat(check("orders", JOB, false, null, null, due, due.plus(GRACE).plusSeconds(1)))
                .containsValue(
                        "job 'orders' has not run since it was claimed; it was due at 2026-11-21T10:00:05Z, 31s ago");
        assertThat(check("orders", JOB, false, null, null, null, T0.plus(Duration.ofDays(1))))
                .isEmpty();
    }

    @Test
    void shouldCallARunningJobStuckOnlyBeyondItsMaxDurationAndNeverStale() {
        ExecutionSummary running = running("orders", T0);

        assertThat(check("orders", JOB, false, T0.minusSeconds(3600), running, null, T0.plus(Duration.ofMinutes(10))))
                .isEmpty();
        assertThat(check("orders", JOB, false, T0.minusSeconds(3600), running, null, T0.plus(Duration.ofMinutes(11))))
                .containsOnlyKeys(new AlertKey(AlertType.STUCK, "orders"));
    }

    @Test
    void shouldCallAMonitorSilentWhenItIsLateOrARunLastsLongerThanItsDelayPlusGrace() {
        ExecutionSummary hung = running("monitor-2", T0);
        AlertKey silent = new AlertKey(AlertType.MONITOR_SILENT, "monitor-2");

        assertThat(check("monitor-2", MONITOR, true, null, hung, null, T0.plusSeconds(40)))
                .isEmpty();
        assertThat(check("monitor-2", MONITOR, true, null, hung, null, T0.plusSeconds(41)))
                .containsOnlyKeys(silent);
        assertThat(check("monitor-2", MONITOR, true, T0, null, T0.plusSeconds(10), T0.plusSeconds(41)))
                .containsOnlyKeys(silent);
    }

    private static ExecutionSummary running(String job, Instant start) {
        return new ExecutionSummary(job, 7, "STARTED", "UNKNOWN", "", start, null, "replica-a", 3L, 7L);
    }

    private static Map<AlertKey, String> check(
            String job,
            JobProperties props,
            boolean monitor,
            Instant lastEnd,
            ExecutionSummary running,
            Instant due,
            Instant now) {
        Map<AlertKey, String> conditions = new LinkedHashMap<>();
        Freshness.check(job, props, monitor, lastEnd, running, due, GRACE, now)
                .ifPresent(condition -> conditions.put(condition.key(), condition.message()));
        return conditions;
    }
}
