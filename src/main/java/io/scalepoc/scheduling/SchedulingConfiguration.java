package io.scalepoc.scheduling;

import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionRecovery;
import io.scalepoc.execution.JobCatalog;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.ownership.EpochStore;
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
            Clock clock) {
        return new JobScheduler(catalog, history, recovery, guard, runner, clock);
    }
}
