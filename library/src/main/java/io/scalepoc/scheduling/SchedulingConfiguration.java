package io.scalepoc.scheduling;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.control.ControlChannel;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.control.TriggerQueue;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionRecovery;
import io.scalepoc.execution.JobCatalog;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.support.ReplicaClock;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SchedulingConfiguration {

    @Bean
    LaunchGuard launchGuard(EpochStore epochs) {
        return new LaunchGuard(epochs);
    }

    @Bean
    JobScheduler jobScheduler(
            JobCatalog catalog,
            ExecutionHistory history,
            ExecutionRecovery recovery,
            LaunchGuard guard,
            JobRunner runner,
            JobControlStore controls,
            TriggerQueue triggers,
            ControlChannel controlChannel,
            JobOwnership ownership,
            ScalePocProperties properties,
            @ReplicaClock Clock clock) {
        JobScheduler scheduler = new JobScheduler(
                catalog,
                history,
                recovery,
                guard,
                runner,
                controls,
                triggers,
                controlChannel,
                ownership,
                properties.ownership().leaseDuration(),
                properties.runThreads(catalog.mostOwnedAtOnce(ownership.tokenCapacity())),
                clock);
        ownership.addListener(scheduler);
        return scheduler;
    }
}
