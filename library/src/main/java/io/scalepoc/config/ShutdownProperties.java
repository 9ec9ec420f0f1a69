package io.scalepoc.config;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Graceful shutdown.
 *
 * @param drainTimeout how long running executions get to stop at a chunk boundary after SIGTERM
 *     before the replica gives up on them (their leases are then left to expire, never released
 *     under a running execution)
 */
public record ShutdownProperties(@DefaultValue("20s") Duration drainTimeout) {

    /** At most this long for the claim loop's sweep in progress to end, before the drain. */
    public static final Duration CLAIM_LOOP_STOP = Duration.ofSeconds(5);

    /** At most this long for releasing the leases after the drain; the rest are left to expire. */
    public static final Duration RELEASES = Duration.ofSeconds(10);

    /**
     * The longest the replica lifecycle's own shutdown takes: the claim loop's last sweep, the
     * drain, the releases. The pod's termination grace period must cover it plus the web
     * server's graceful shutdown (spring.lifecycle.timeout-per-shutdown-phase).
     */
    public Duration longest() {
        return CLAIM_LOOP_STOP.plus(drainTimeout).plus(RELEASES);
    }

    List<String> problems() {
        return Durations.isPositive(drainTimeout)
                ? List.of()
                : List.of("scalepoc.shutdown.drain-timeout must be positive, but is " + drainTimeout);
    }
}
