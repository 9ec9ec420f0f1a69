package io.scalepoc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

class ScalePocPropertiesTest {

    private static final OwnershipProperties OWNERSHIP = new OwnershipProperties(
            Duration.ofSeconds(20),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            null,
            OwnershipProperties.FAIR,
            null);
    private static final DynamoDbProperties DYNAMODB = new DynamoDbProperties(
            "http://localhost:8000", "us-east-1", "scalepoc-leases", true, Duration.ofSeconds(3));
    private static final ShutdownProperties SHUTDOWN = new ShutdownProperties(Duration.ofSeconds(20));
    private static final AuditProperties AUDIT =
            new AuditProperties(Duration.ofDays(7), Duration.ofDays(30), Duration.ofHours(1));
    static final MonitoringProperties NO_MONITORS = new MonitoringProperties(
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            3,
            true,
            Map.of(),
            Duration.ofSeconds(5),
            null,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30));
    static final AlertsProperties NO_WEBHOOK =
            new AlertsProperties(null, Duration.ofSeconds(5), 5, Duration.ofSeconds(1), 1000);
    static final ControlProperties CONTROL = new ControlProperties("operator", null, 100);

    @Test
    void shouldAcceptTheDefaults() {
        ScalePocProperties defaults = ConfigurationValidatorTest.bind(new StandardEnvironment());

        assertThat(defaults.problems()).isEmpty();
        assertThat(defaults.tokens()).isEqualTo(2);
        assertThat(defaults.ownership()).isEqualTo(OWNERSHIP);
        assertThat(defaults.shutdown()).isEqualTo(SHUTDOWN);
    }

    @Test
    void shouldAllowAHeartbeatOfExactlyAThirdOfTheLease() {
        OwnershipProperties third = new OwnershipProperties(
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                null,
                OwnershipProperties.FAIR,
                null);

        assertThat(properties(2, Map.of(), third).problems()).isEmpty();
    }

    @Test
    void shouldNotCheckJobWeightsAgainstAReplicaWithoutTokens() {
        Map<String, JobProperties> jobs = Map.of("heavy", job(Duration.ofSeconds(5), 3));

        assertThat(properties(0, jobs, OWNERSHIP).problems()).isEmpty();
        assertThat(properties(2, jobs, OWNERSHIP).problems())
                .containsExactly(
                        "scalepoc.jobs.heavy.weight is 3, more than the token budget scalepoc.tokens=2: no replica could ever own it");
    }

    @Test
    void shouldIgnoreTheWeightOfADisabledJob() {
        JobProperties disabled = new JobProperties(Duration.ofSeconds(5), Duration.ZERO, 9, Duration.ofHours(1), false);

        assertThat(properties(2, Map.of("heavy", disabled), OWNERSHIP).problems())
                .isEmpty();
        assertThat(properties(2, Map.of("heavy", disabled), OWNERSHIP).enabledJobs())
                .isEmpty();
    }

    @Test
    void shouldReportEveryProblemOfEveryPart() {
        Map<String, JobProperties> jobs = new LinkedHashMap<>();
        jobs.put("bad name!", job(Duration.ofSeconds(5), 1));
        jobs.put("negative", new JobProperties(Duration.ofSeconds(-1), Duration.ZERO, -1, Duration.ZERO, true));
        jobs.put(
                "badly-scheduled",
                new JobProperties(
                        Duration.ofSeconds(5),
                        Duration.ZERO,
                        1,
                        Duration.ofHours(1),
                        true,
                        new RetryProperties(0, Duration.ZERO, Duration.ofSeconds(-1)),
                        "0 61 * * * *",
                        "Mars/Olympus"));
        ScalePocProperties properties = new ScalePocProperties(
                " ",
                -2,
                0,
                jobs,
                new OwnershipProperties(
                        Duration.ZERO,
                        Duration.ZERO,
                        Duration.ofSeconds(-1),
                        Duration.ofSeconds(-2),
                        "even",
                        Duration.ZERO),
                new DynamoDbProperties("not a url", "", "x", true, Duration.ZERO),
                new ShutdownProperties(Duration.ZERO),
                new AuditProperties(Duration.ZERO, Duration.ofDays(-1), Duration.ZERO),
                new MonitoringProperties(
                        Duration.ZERO,
                        Duration.ofSeconds(-1),
                        0,
                        true,
                        Map.of("negative", Duration.ZERO),
                        Duration.ZERO,
                        Duration.ofSeconds(-5),
                        Duration.ZERO,
                        Duration.ofSeconds(-1)),
                new AlertsProperties("ftp://x/hooks/s3cr3t", Duration.ZERO, 0, Duration.ZERO, 0),
                new ControlProperties(" ", null, 0),
                new SecurityProperties(false, " ", "ops", "ops", "sub"));

        assertThat(properties.problems())
                .containsExactly(
                        "scalepoc.tokens must be 0 or more, but is -2",
                        "scalepoc.max-concurrent-runs must be 1 or more when set, but is 0",
                        "scalepoc.instance-id must not be blank when set",
                        "scalepoc.ownership.lease-duration must be positive, but is PT0S",
                        "scalepoc.ownership.heartbeat-period must be positive, but is PT0S",
                        "scalepoc.ownership.claim-interval must be positive, but is PT-1S",
                        "scalepoc.ownership.database-outage-grace must not be negative, but is PT-2S",
                        "scalepoc.ownership.scan-interval must be positive, but is PT0S",
                        "scalepoc.ownership.balance must be 'fair' or 'fill', but is 'even'",
                        "scalepoc.dynamodb.endpoint is not a URL: 'not a url'",
                        "scalepoc.dynamodb.region must not be blank",
                        "scalepoc.dynamodb.table-name must be 3-255 characters of [A-Za-z0-9_.-], but is 'x'",
                        "scalepoc.dynamodb.api-call-timeout must be positive, but is PT0S",
                        "scalepoc.shutdown.drain-timeout must be positive, but is PT0S",
                        "scalepoc.audit.chunk-log-retention must be positive, but is PT0S",
                        "scalepoc.audit.metadata-retention must be positive, but is PT-24H",
                        "scalepoc.audit.metadata-pruning-interval must be positive, but is PT0S",
                        "scalepoc.monitoring.self-check-interval must be positive, but is PT0S",
                        "scalepoc.monitoring.stale-grace must not be negative, but is PT-1S",
                        "scalepoc.monitoring.failure-threshold must be 1 or more, but is 0",
                        "scalepoc.monitoring.probe-lease-duration must be positive, but is PT0S",
                        "scalepoc.monitoring.hand-over-grace must not be negative, but is PT-5S",
                        "scalepoc.monitoring.max-clock-skew must be positive, but is PT0S",
                        "scalepoc.monitoring.resolve-quiet-period must not be negative, but is PT-1S",
                        "scalepoc.monitoring.global-monitors.negative must be positive, but is PT0S",
                        "scalepoc.alerts.webhook-url must be an absolute http(s) URL, but is ftp://x/… (the rest is not shown: it may hold a secret)",
                        "scalepoc.alerts.webhook-timeout must be positive, but is PT0S",
                        "scalepoc.alerts.webhook-max-attempts must be 1 or more, but is 0",
                        "scalepoc.alerts.webhook-backoff must be positive, but is PT0S",
                        "scalepoc.alerts.webhook-queue-capacity must be 1 or more, but is 0",
                        "scalepoc.control.username must not be blank",
                        "scalepoc.control.max-pending-triggers must be at least 1, not 0",
                        "scalepoc.security.roles-claim must not be blank",
                        "scalepoc.security.viewer-role and operator-role must differ, but both are 'ops'",
                        "scalepoc.monitoring.global-monitors.negative: a monitor cannot have the name of catalog job 'negative'",
                        "scalepoc.jobs.bad name!: job name must match [A-Za-z0-9][A-Za-z0-9._-]{0,99}",
                        "scalepoc.jobs.negative.fixed-delay must be positive, but is PT-1S",
                        "scalepoc.jobs.negative.weight must be 0 or more, but is -1",
                        "scalepoc.jobs.negative.max-duration must be positive, but is PT0S",
                        "scalepoc.jobs.badly-scheduled.retry.max-attempts must be 1 or more, but is 0",
                        "scalepoc.jobs.badly-scheduled.retry.initial-backoff must be positive, but is PT0S",
                        "scalepoc.jobs.badly-scheduled.retry.max-backoff must be at least the initial-backoff PT0S, but is PT-1S",
                        "scalepoc.jobs.badly-scheduled.zone is not a time zone ('Mars/Olympus'): Unknown time-zone ID: Mars/Olympus",
                        "scalepoc.jobs.badly-scheduled.cron is not a valid cron expression ('0 61 * * * *'): Invalid value for MinuteOfHour (valid values 0 - 59): 61 '61' in cron expression \"0 61 * * * *\"");
    }

    @Test
    void shouldBindJobsFromRelaxedPropertyNames() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("scalepoc.jobs.nightly-export.fixed-delay", "2m")
                .withProperty("scalepoc.jobs.nightly-export.weight", "2");

        JobProperties job = ConfigurationValidatorTest.bind(environment).jobs().get("nightly-export");

        assertThat(job)
                .isEqualTo(new JobProperties(Duration.ofMinutes(2), Duration.ZERO, 2, Duration.ofHours(1), true));
    }

    @Test
    void shouldRunTheTwoDefaultMonitorsAsWeightlessJobsAfterTheCatalog() {
        MockEnvironment environment =
                new MockEnvironment().withProperty("scalepoc.jobs.nightly-export.fixed-delay", "2m");

        ScalePocProperties properties = ConfigurationValidatorTest.bind(environment);

        assertThat(properties.enabledJobs()).containsOnlyKeys("nightly-export", "monitor-1", "monitor-2");
        assertThat(properties.enabledJobs().keySet()).first().isEqualTo("nightly-export");
        JobProperties monitor1 = properties.enabledJobs().get("monitor-1");
        assertThat(monitor1.weight()).isZero();
        assertThat(monitor1.fixedDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.enabledJobs().get("monitor-2").fixedDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.isMonitor("monitor-1")).isTrue();
        assertThat(properties.isMonitor("nightly-export")).isFalse();
        assertThat(properties.problems()).isEmpty();
    }

    @Test
    void shouldReplaceTheDefaultMonitorsWhenTheyAreConfiguredOrDisabled() {
        ScalePocProperties replaced = ConfigurationValidatorTest.bind(
                new MockEnvironment().withProperty("scalepoc.monitoring.global-monitors.watchdog", "5s"));
        ScalePocProperties disabled = ConfigurationValidatorTest.bind(
                new MockEnvironment().withProperty("scalepoc.monitoring.global-monitors-enabled", "false"));

        assertThat(replaced.enabledJobs()).containsOnlyKeys("watchdog");
        assertThat(disabled.enabledJobs()).isEmpty();
        assertThat(disabled.isMonitor("monitor-1")).isFalse();
    }

    private static JobProperties job(Duration fixedDelay, int weight) {
        return new JobProperties(fixedDelay, Duration.ZERO, weight, Duration.ofHours(1), true);
    }

    private static ScalePocProperties properties(
            int tokens, Map<String, JobProperties> jobs, OwnershipProperties ownership) {
        return new ScalePocProperties(
                null, tokens, null, jobs, ownership, DYNAMODB, SHUTDOWN, AUDIT, NO_MONITORS, NO_WEBHOOK, CONTROL, null);
    }
}
