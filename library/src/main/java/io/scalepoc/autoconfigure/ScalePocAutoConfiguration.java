package io.scalepoc.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.Ordered;

/**
 * scale-poc in a Spring Boot application: every capability's own configuration class (ownership,
 * scheduling, execution, control, monitoring, ETL, the API and the actuator endpoints), wired
 * around the application's {@code Job} beans and its {@code scalepoc.jobs} catalog.
 *
 * <p>Auto-configurations are processed after the application's own configuration, so the
 * {@code @ConditionalOnMissingBean} on the beans a team may bring (the DynamoDB client, the alert
 * notifier, the API's security chain and operator, the OpenAPI document) sees the team's beans; this
 * one is processed first among the auto-configurations, so Boot's own (the default security chain,
 * the generated user) back off for ours as they would for the application's. The replica's clock is
 * qualified ({@code @ReplicaClock}): an application's own {@code Clock} bean stays its own. Our migrations
 * run first ({@code ScalePocMigrations}, our own Flyway instance, schemas {@code datasync} and
 * {@code source}); the defaults this needs from Spring Batch and the actuator come from {@link
 * ScalePocDefaults}.
 */
@AutoConfiguration
@AutoConfigureOrder(Ordered.HIGHEST_PRECEDENCE)
@ComponentScan(
        basePackages = {
            "io.scalepoc.actuator",
            "io.scalepoc.api",
            "io.scalepoc.config",
            "io.scalepoc.control",
            "io.scalepoc.etl",
            "io.scalepoc.execution",
            "io.scalepoc.lifecycle",
            "io.scalepoc.monitoring",
            "io.scalepoc.ownership",
            "io.scalepoc.scheduling",
            "io.scalepoc.support"
        },
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class)
        })
public class ScalePocAutoConfiguration {}
