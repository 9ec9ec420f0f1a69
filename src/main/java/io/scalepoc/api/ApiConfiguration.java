package io.scalepoc.api;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.monitoring.Alerts;
import io.scalepoc.ownership.EpochStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

    @Bean
    JobViews jobViews(
            CatalogProperties catalog,
            JobControlStore controls,
            EpochStore epochs,
            ExecutionHistory history,
            Alerts alerts,
            Clock clock) {
        return new JobViews(catalog, controls, epochs, history, alerts, clock);
    }
}
