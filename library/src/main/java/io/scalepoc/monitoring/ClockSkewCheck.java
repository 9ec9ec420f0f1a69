package io.scalepoc.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.support.ReferenceClock;
import java.time.Duration;

/**
 * Reads PostgreSQL's clock again (so the replica's clock keeps following it) and reports how far
 * this replica's wall clock is from it: gauge {@code scalepoc.clock.skew} (seconds, PostgreSQL minus
 * this replica), and alert CLOCK_SKEW, keyed by this replica's instance id, while the difference is
 * beyond max-clock-skew. Nothing is decided with the skew: every replica already keeps time by
 * PostgreSQL's clock ({@link ReferenceClock}); the alert says that this replica's logs and Spring
 * Batch's own timestamps are off.
 */
public class ClockSkewCheck {

    private final ReferenceClock clock;
    private final Alerts alerts;
    private final AlertKey key;
    private final String instanceId;
    private final Duration maxSkew;

    public ClockSkewCheck(
            ReferenceClock clock, Alerts alerts, String instanceId, Duration maxSkew, MeterRegistry meters) {
        this.clock = clock;
        this.alerts = alerts;
        this.key = new AlertKey(AlertType.CLOCK_SKEW, instanceId);
        this.instanceId = instanceId;
        this.maxSkew = maxSkew;
        Gauge.builder("scalepoc.clock.skew", clock, c -> c.skew().toMillis() / 1000.0)
                .description("PostgreSQL's clock minus this replica's wall clock, in seconds")
                .baseUnit("seconds")
                .register(meters);
    }

    /** One check; raises or resolves CLOCK_SKEW when PostgreSQL answered. */
    public void run() {
        if (!clock.synchronize()) {
            return;
        }
        Duration skew = clock.skew();
        if (isBeyondBound(skew)) {
            alerts.raise(
                    key,
                    "the wall clock of replica '" + instanceId + "' is "
                            + String.format(
                                    java.util.Locale.ROOT, "%.1f s", skew.abs().toMillis() / 1000.0)
                            + (skew.isNegative() ? " ahead of" : " behind") + " PostgreSQL's (bound " + maxSkew
                            + "); schedules and staleness follow PostgreSQL's clock, but this replica's logs and "
                            + "Spring Batch's own start and end times are off by that much: fix its time synchronisation");
        } else {
            alerts.resolve(key);
        }
    }

    public boolean isBeyondBound(Duration skew) {
        return skew.abs().compareTo(maxSkew) > 0;
    }

    public Duration maxSkew() {
        return maxSkew;
    }
}
