package io.scalepoc.api;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.monitoring.Alerts;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.support.ReplicaClock;
import java.time.Clock;
import java.time.Duration;
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
            @ReplicaClock Clock clock) {
        return new JobViews(catalog, controls, epochs, history, alerts, clock);
    }

    /**
     * The overviews every caller of a window shares for a second; a change made through this replica
     * clears them, so the page that made it shows its effect at once.
     */
    @Bean
    SharedSnapshots<Duration, Overview> overviewSnapshots() {
        return new SharedSnapshots<>(ClusterController.OVERVIEW_MAX_AGE);
    }
}
