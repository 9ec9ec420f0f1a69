package io.scalepoc.control;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.JobEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the control capability; its store and channel come from the PostgreSQL adapter. */
@Configuration(proxyBeanMethods = false)
class ControlConfiguration {

    @Bean
    ControlService controlService(
            CatalogProperties catalog,
            ScalePocProperties scalePoc,
            JobControlStore store,
            TriggerQueue triggers,
            ControlChannel channel,
            EpochStore epochs,
            ExecutionHistory history,
            JobEvents events) {
        return new ControlService(
                catalog, store, triggers, scalePoc.control().maxPendingTriggers(), channel, epochs, history, events);
    }
}
