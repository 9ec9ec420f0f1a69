package io.scalepoc.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * One catalog entry.
 *
 * @param fixedDelay time from the end of the job's previous execution (cluster-wide, as the
 *     Spring Batch metadata records it) to the start of the next
 * @param initialDelay wait before the very first execution of a job that has never run
 * @param weight tokens the job costs its owner; 0 for housekeeping jobs that any replica with
 *     tokens may take for free
 * @param maxDuration how long one execution may reasonably run (used by monitoring)
 * @param enabled whether replicas claim and run the job at all
 * @param retry how a failed execution is tried again
 * @param cron instead of the fixed delay: Spring's six-field cron expression ({@code second
 *     minute hour day-of-month month day-of-week}, macros such as {@code @hourly} too); the job
 *     is due at the first fire time after its previous execution's end
 * @param zone the time zone the cron expression is read in
 * @param fencing {@code auto} (every step of the job must be one the runner can fence, or start-up
 *     fails) or {@code manual} (the job has steps it cannot fence, partitioned, flow or job steps,
 *     and checks {@code EpochFence.check(RunToken.current())} itself before each commit)
 */
public record JobProperties(
        @DefaultValue("60s") Duration fixedDelay,
        @DefaultValue("0s") Duration initialDelay,
        @DefaultValue("1") int weight,
        @DefaultValue("1h") Duration maxDuration,
        @DefaultValue("true") boolean enabled,
        @DefaultValue RetryProperties retry,
        String cron,
        @DefaultValue("UTC") String zone,
        @DefaultValue(FENCING_AUTO) String fencing) {

    public static final String FENCING_AUTO = "auto";
    public static final String FENCING_MANUAL = "manual";

    @ConstructorBinding
    public JobProperties {
        retry = retry == null ? RetryProperties.DEFAULTS : retry;
        cron = cron == null || cron.isBlank() ? null : cron.trim();
        zone = zone == null || zone.isBlank() ? "UTC" : zone.trim();
        fencing = fencing == null || fencing.isBlank()
                ? FENCING_AUTO
                : fencing.trim().toLowerCase(Locale.ROOT);
    }

    /** An entry fenced by the runner. */
    public JobProperties(
            Duration fixedDelay,
            Duration initialDelay,
            int weight,
            Duration maxDuration,
            boolean enabled,
            RetryProperties retry,
            String cron,
            String zone) {
        this(fixedDelay, initialDelay, weight, maxDuration, enabled, retry, cron, zone, FENCING_AUTO);
    }

    /** Whether the job fences its unfenceable steps itself ({@code fencing: manual}). */
    public boolean fencesManually() {
        return FENCING_MANUAL.equals(fencing);
    }

    /** A fixed-delay entry with the default retry. */
    public JobProperties(
            Duration fixedDelay, Duration initialDelay, int weight, Duration maxDuration, boolean enabled) {
        this(fixedDelay, initialDelay, weight, maxDuration, enabled, RetryProperties.DEFAULTS);
    }

    /** A fixed-delay entry. */
    public JobProperties(
            Duration fixedDelay,
            Duration initialDelay,
            int weight,
            Duration maxDuration,
            boolean enabled,
            RetryProperties retry) {
        this(fixedDelay, initialDelay, weight, maxDuration, enabled, retry, null, "UTC");
    }

    public boolean isCron() {
        return cron != null;
    }

    /**
     * When the job is next due after an execution that ended at {@code end}: a fixed delay later,
     * or the cron expression's first fire time after it. A fire missed meanwhile (the job moved
     * between replicas, or its owner was down) is therefore due at once, once: after that run
     * the next fire time lies ahead again.
     */
    public Instant nextAfter(Instant end) {
        if (!isCron()) {
            return end.plus(fixedDelay);
        }
        ZonedDateTime next = CronExpression.parse(cron).next(end.atZone(ZoneId.of(zone)));
        return next == null ? Instant.MAX : next.toInstant();
    }

    List<String> problems(String prefix) {
        List<String> problems = new ArrayList<>();
        if (fixedDelay.isNegative() || fixedDelay.isZero()) {
            problems.add(prefix + ".fixed-delay must be positive, but is " + fixedDelay);
        }
        if (initialDelay.isNegative()) {
            problems.add(prefix + ".initial-delay must not be negative, but is " + initialDelay);
        }
        if (weight < 0) {
            problems.add(prefix + ".weight must be 0 or more, but is " + weight);
        }
        if (!FENCING_AUTO.equals(fencing) && !FENCING_MANUAL.equals(fencing)) {
            problems.add(prefix + ".fencing must be 'auto' or 'manual', but is '" + fencing + "'");
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            problems.add(prefix + ".max-duration must be positive, but is " + maxDuration);
        }
        problems.addAll(retry.problems(prefix + ".retry"));
        boolean zoneValid = true;
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            zoneValid = false;
            problems.add(prefix + ".zone is not a time zone ('" + zone + "'): " + e.getMessage());
        }
        if (isCron()) {
            try {
                CronExpression expression = CronExpression.parse(cron);
                if (zoneValid && expression.next(ZonedDateTime.now(ZoneId.of(zone))) == null) {
                    problems.add(prefix + ".cron '" + cron + "' never fires");
                }
            } catch (IllegalArgumentException e) {
                problems.add(prefix + ".cron is not a valid cron expression ('" + cron + "'): " + e.getMessage());
            }
        }
        return problems;
    }
}
