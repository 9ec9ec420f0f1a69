package io.scalepoc.actuator;

import io.scalepoc.execution.LocalExecutions;
import io.scalepoc.lifecycle.ReplicaLifecycle;
import io.scalepoc.monitoring.ClockSkewCheck;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.LeaseProbe;
import io.scalepoc.scheduling.JobScheduler;
import io.scalepoc.support.ReferenceClock;
import io.scalepoc.support.ReplicaClock;
import java.time.Clock;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ownership endpoint and the health indicators of the probe groups (the library's defaults.yml): readiness
 * = readinessState + db + dynamoDb + startupClaim; liveness = livenessState + schedules.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorConfiguration {

    @Bean
    OwnershipEndpoint ownershipEndpoint(JobOwnership ownership, LocalExecutions local, ReplicaLifecycle lifecycle) {
        return new OwnershipEndpoint(ownership, local, lifecycle);
    }

    @Bean
    DynamoDbHealthIndicator dynamoDbHealthIndicator(LeaseProbe probe, @ReplicaClock Clock clock) {
        return new DynamoDbHealthIndicator(probe, clock);
    }

    @Bean
    SchedulesHealthIndicator schedulesHealthIndicator(JobOwnership ownership, JobScheduler scheduler) {
        return new SchedulesHealthIndicator(ownership, scheduler);
    }

    /**
     * {@code clock}, in no probe group: how far this replica's wall clock is from PostgreSQL's
     * (details for the operator only). UP whatever the skew: decisions follow PostgreSQL's clock;
     * beyond max-clock-skew the CLOCK_SKEW alert is open.
     */
    @Bean
    HealthIndicator clockHealthIndicator(ReferenceClock clock, ClockSkewCheck check) {
        return () -> Health.up()
                .withDetail("skewSeconds", clock.skew().toMillis() / 1000.0)
                .withDetail("maxSkew", check.maxSkew().toString())
                .withDetail("withinBound", !check.isBeyondBound(clock.skew()))
                .withDetail("synchronized", clock.isSynchronized())
                .build();
    }

    /** {@code startupClaim}: the start-up claim sweep has run (readiness waits for it). */
    @Bean
    HealthIndicator startupClaimHealthIndicator(ReplicaLifecycle lifecycle) {
        return () -> lifecycle.isStartupClaimDone()
                ? Health.up().build()
                : Health.outOfService()
                        .withDetail("reason", "start-up claim not done")
                        .build();
    }
}
