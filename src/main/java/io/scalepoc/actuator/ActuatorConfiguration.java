package io.scalepoc.actuator;

import io.scalepoc.execution.JobRunner;
import io.scalepoc.execution.ReplicaLifecycle;
import io.scalepoc.ownership.JobOwnership;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ActuatorConfiguration {

    @Bean
    OwnershipEndpoint ownershipEndpoint(JobOwnership ownership, JobRunner runner, ReplicaLifecycle lifecycle) {
        return new OwnershipEndpoint(ownership, runner, lifecycle);
    }
}
