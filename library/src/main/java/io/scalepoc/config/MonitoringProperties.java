package io.scalepoc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The self-monitor on every replica and the global monitors.
 *
 * @param selfCheckInterval how often every replica checks the jobs it owns (and refreshes the
 *     cluster-wide gauges)
 * @param staleGrace how late a job may be beyond its fixed delay before it is STALE
 * @param failureThreshold consecutive FAILED executions that make a job FAILING
 * @param globalMonitorsEnabled whether replicas run the global monitor jobs at all
 * @param globalMonitors the global monitor jobs and their fixed delays; each is lease-owned like
 *     any job, costs no tokens, and watches the others. Setting this map replaces the default
 *     {@code monitor-1: 10s, monitor-2: 60s}
 * @param probeLeaseDuration no longer used (the monitors judge leases by scan); still accepted and
 *     validated so that existing configuration starts
 * @param handOverGrace how long an orphaned job, a zombie execution or a capacity shortfall must
 *     last before it is alerted: conditions that a normal hand-over (a crash, a rollout, start-up)
 *     clears by itself within about a lease plus a claim interval; unset means exactly that
 * @param maxClockSkew how far a replica's wall clock may differ from PostgreSQL's before it is
 *     reported (CLOCK_SKEW alert, health detail): decisions follow PostgreSQL's clock anyway,
 *     but logs and Spring Batch's own timestamps carry the replica's
 * @param resolveQuietPeriod how long a condition must have been absent (no check found it) before
 *     its alert resolves, so that a condition that comes and goes opens one alert, not one per check
 */
public record MonitoringProperties(
        @DefaultValue("10s") Duration selfCheckInterval,
        @DefaultValue("30s") Duration staleGrace,
        @DefaultValue("3") int failureThreshold,
        @DefaultValue("true") boolean globalMonitorsEnabled,
        Map<String, Duration> globalMonitors,
        @DefaultValue("5s") Duration probeLeaseDuration,
        Duration handOverGrace,
        @DefaultValue("2s") Duration maxClockSkew,
        @DefaultValue("30s") Duration resolveQuietPeriod) {

    /** Fixed delays of the default monitors: monitor-1 every 10 s, monitor-2 every minute, as the POC planned. */
    public static final Map<String, Duration> DEFAULT_MONITORS =
            Map.of("monitor-1", Duration.ofSeconds(10), "monitor-2", Duration.ofSeconds(60));

    private static final Duration MONITOR_MAX_DURATION = Duration.ofMinutes(5);

    public MonitoringProperties {
        globalMonitors = !globalMonitorsEnabled
                ? new TreeMap<>()
                : new TreeMap<>(globalMonitors == null ? DEFAULT_MONITORS : globalMonitors);
        globalMonitors = Collections.unmodifiableMap(globalMonitors);
    }

    /** The hand-over grace, or the time a hand-over normally takes when it is not set. */
    public Duration handOverGrace(OwnershipProperties ownership) {
        return handOverGrace != null ? handOverGrace : ownership.leaseDuration().plus(ownership.claimInterval());
    }

    JobProperties asJob(Duration interval) {
        return new JobProperties(interval, Duration.ZERO, 0, MONITOR_MAX_DURATION, true);
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!Durations.isPositive(selfCheckInterval)) {
            problems.add("scalepoc.monitoring.self-check-interval must be positive, but is " + selfCheckInterval);
        }
        if (staleGrace == null || staleGrace.isNegative()) {
            problems.add("scalepoc.monitoring.stale-grace must not be negative, but is " + staleGrace);
        }
        if (failureThreshold < 1) {
            problems.add("scalepoc.monitoring.failure-threshold must be 1 or more, but is " + failureThreshold);
        }
        if (!Durations.isPositive(probeLeaseDuration)) {
            problems.add("scalepoc.monitoring.probe-lease-duration must be positive, but is " + probeLeaseDuration);
        }
        if (handOverGrace != null && handOverGrace.isNegative()) {
            problems.add("scalepoc.monitoring.hand-over-grace must not be negative, but is " + handOverGrace);
        }
        if (!Durations.isPositive(maxClockSkew)) {
            problems.add("scalepoc.monitoring.max-clock-skew must be positive, but is " + maxClockSkew);
        }
        if (resolveQuietPeriod == null || resolveQuietPeriod.isNegative()) {
            problems.add("scalepoc.monitoring.resolve-quiet-period must not be negative, but is " + resolveQuietPeriod);
        }
        globalMonitors.forEach((name, interval) -> {
            if (!ScalePocProperties.JOB_NAME.matcher(name).matches()) {
                problems.add("scalepoc.monitoring.global-monitors." + name + ": name must match "
                        + ScalePocProperties.JOB_NAME.pattern());
            }
            if (!Durations.isPositive(interval)) {
                problems.add("scalepoc.monitoring.global-monitors." + name + " must be positive, but is " + interval);
            }
        });
        return problems;
    }
}
