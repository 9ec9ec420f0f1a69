package io.scalepoc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a job's failed execution is tried again: as a restart of the same JobInstance (from its
 * last committed chunk), after an exponential back-off, until the job has failed {@code
 * maxAttempts} times in a row; then it is left FAILED and the next run, a fixed delay later,
 * starts afresh.
 *
 * @param maxAttempts executions of one run in all, the first included; 1 never retries
 * @param initialBackoff wait after the first failure; doubled after each further one
 * @param maxBackoff the longest wait between two attempts
 */
public record RetryProperties(
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff) {

    public static final RetryProperties DEFAULTS =
            new RetryProperties(3, Duration.ofSeconds(10), Duration.ofMinutes(5));

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    public Duration backoff(int failures) {
        Duration backoff = initialBackoff;
        for (int i = 1; i < failures && backoff.compareTo(maxBackoff) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    List<String> problems(String prefix) {
        List<String> problems = new ArrayList<>();
        if (maxAttempts < 1) {
            problems.add(prefix + ".max-attempts must be 1 or more, but is " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            problems.add(prefix + ".initial-backoff must be positive, but is " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            problems.add(prefix + ".max-backoff must be at least the initial-backoff " + initialBackoff + ", but is "
                    + maxBackoff);
        }
        return problems;
    }
}
