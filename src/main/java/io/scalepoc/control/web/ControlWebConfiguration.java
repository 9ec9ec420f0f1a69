package io.scalepoc.control.web;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.control.ControlChannel;
import io.scalepoc.control.ControlService;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.monitoring.Alerts;
import io.scalepoc.ownership.EpochStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ControlWebConfiguration {

    @Bean
    ControlService controlService(
            ScalePocProperties properties,
            JobControlStore store,
            ControlChannel channel,
            EpochStore epochs,
            ExecutionHistory history) {
        return new ControlService(properties, store, channel, epochs, history);
    }

    @Bean
    JobViews jobViews(
            ScalePocProperties properties,
            JobControlStore controls,
            EpochStore epochs,
            ExecutionHistory history,
            Alerts alerts,
            Clock clock) {
        return new JobViews(properties, controls, epochs, history, alerts, clock);
    }
}
