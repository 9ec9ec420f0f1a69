package io.scalepoc.actuator;

import io.scalepoc.execution.JobRunner;
import io.scalepoc.execution.ReplicaLifecycle;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.LeaseProbe;
import io.scalepoc.scheduling.JobScheduler;
import java.time.Clock;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ownership endpoint and the health indicators of the probe groups (application.yml): readiness
 * = readinessState + db + dynamoDb + startupClaim; liveness = livenessState + schedules.
 */
@Configuration(proxyBeanMethods = false)
class ActuatorConfiguration {

    @Bean
    OwnershipEndpoint ownershipEndpoint(JobOwnership ownership, JobRunner runner, ReplicaLifecycle lifecycle) {
        return new OwnershipEndpoint(ownership, runner, lifecycle);
    }

    @Bean
    DynamoDbHealthIndicator dynamoDbHealthIndicator(LeaseProbe probe, Clock clock) {
        return new DynamoDbHealthIndicator(probe, clock);
    }

    @Bean
    SchedulesHealthIndicator schedulesHealthIndicator(JobOwnership ownership, JobScheduler scheduler) {
        return new SchedulesHealthIndicator(ownership, scheduler);
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
