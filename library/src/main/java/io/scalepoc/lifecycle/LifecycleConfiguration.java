package io.scalepoc.lifecycle;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.execution.LocalExecutions;
import io.scalepoc.ownership.ClaimLoop;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.MemberLease;
import io.scalepoc.scheduling.JobScheduler;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

    @Bean
    ReplicaLifecycle replicaLifecycle(
            JobOwnership ownership,
            ClaimLoop claimLoop,
            JobScheduler scheduler,
            LocalExecutions local,
            LeaseStore leases,
            MemberLease memberLease,
            ScalePocProperties properties,
            ApplicationEventPublisher events,
            Environment environment) {
        return new ReplicaLifecycle(
                ownership,
                claimLoop,
                scheduler,
                local,
                leases,
                memberLease,
                properties.tokens(),
                !properties.monitoring().globalMonitors().isEmpty(),
                properties.shutdown().drainTimeout(),
                events,
                environment);
    }
}
