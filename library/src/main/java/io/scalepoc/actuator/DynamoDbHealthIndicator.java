package io.scalepoc.actuator;

import io.scalepoc.ownership.LeaseProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code dynamoDb} (readiness group): the lock table answers. The answer is kept for a few seconds
 * so that frequent probes from several sources do not turn into a stream of DescribeTable calls.
 */
public class DynamoDbHealthIndicator implements HealthIndicator {

    private static final Duration CACHE = Duration.ofSeconds(5);

    private final LeaseProbe probe;
    private final Clock clock;
    private volatile Health last;
    private volatile Instant lastAt = Instant.MIN;

    public DynamoDbHealthIndicator(LeaseProbe probe, Clock clock) {
        this.probe = probe;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Health cached = last;
        if (cached != null && now.isBefore(lastAt.plus(CACHE))) {
            return cached;
        }
        Health health;
        try {
            probe.ping();
            health = Health.up().build();
        } catch (RuntimeException e) {
            health = Health.down().withDetail("error", e.getMessage()).build();
        }
        last = health;
        lastAt = now;
        return health;
    }
}
