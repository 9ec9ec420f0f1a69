package io.scalepoc.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.config.AlertsProperties;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.LocalExecutions;
import io.scalepoc.ownership.ClusterView;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.ReleaseAnnouncer;
import io.scalepoc.ownership.ReplicaIdentity;
import io.scalepoc.scheduling.JobScheduler;
import io.scalepoc.support.Redaction;
import io.scalepoc.support.ReferenceClock;
import io.scalepoc.support.ReplicaClock;
import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MonitoringConfiguration.class);

    @Bean
    static MonitorJobRegistrar monitorJobRegistrar(Environment environment) {
        return new MonitorJobRegistrar(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    AlertNotifier alertNotifier(ScalePocProperties properties, JsonMapper json, MeterRegistry meters) {
        AlertsProperties alerts = properties.alerts();
        if (!alerts.hasWebhook()) {
            log.info("No alert webhook (scalepoc.alerts.webhook-url); alerts go to PostgreSQL, logs and metrics");
            return AlertNotifier.NONE;
        }
        log.info("Alert events are POSTed to {}", Redaction.url(alerts.webhookUrl()));
        return new WebhookNotifier(
                URI.create(alerts.webhookUrl()),
                alerts.webhookTimeout(),
                alerts.webhookMaxAttempts(),
                alerts.webhookBackoff(),
                alerts.webhookQueueCapacity(),
                json,
                meters);
    }

    @Bean
    Alerts alerts(
            AlertStore store,
            AlertNotifier notifier,
            ReplicaIdentity identity,
            ScalePocProperties properties,
            MeterRegistry meters) {
        return new Alerts(
                store, notifier, identity.instanceId(), properties.monitoring().resolveQuietPeriod(), meters);
    }

    @Bean
    JobMetrics jobMetrics(
            ScalePocProperties properties,
            ExecutionHistory history,
            JobControlStore controls,
            MeterRegistry meters,
            JobOwnership ownership) {
        JobMetrics metrics = new JobMetrics(properties.catalog(), history, controls, meters);
        ownership.addListener(metrics);
        Gauge.builder(
                        "scalepoc.cluster.tokens.live",
                        ownership,
                        owner -> owner.liveTokens() < 0 ? Double.NaN : owner.liveTokens())
                .description("Tokens of the live members, as this replica's last balance scan counted them "
                        + "(balance: fair; NaN otherwise): with scalepoc.jobs.demand, what an autoscaler scales on")
                .register(meters);
        return metrics;
    }

    @Bean
    SelfMonitor selfMonitor(
            ScalePocProperties properties,
            JobOwnership ownership,
            JobScheduler scheduler,
            LocalExecutions local,
            ExecutionHistory history,
            JobControlStore controls,
            Alerts alerts,
            @ReplicaClock Clock clock) {
        return new SelfMonitor(
                properties.catalog(),
                properties.monitoring(),
                ownership,
                scheduler,
                local,
                history,
                controls,
                alerts,
                clock);
    }

    @Bean
    ClockSkewCheck clockSkewCheck(
            ReferenceClock clock,
            Alerts alerts,
            ReplicaIdentity identity,
            ScalePocProperties properties,
            MeterRegistry meters) {
        return new ClockSkewCheck(
                clock, alerts, identity.instanceId(), properties.monitoring().maxClockSkew(), meters);
    }

    @Bean
    MonitoringLoop monitoringLoop(
            SelfMonitor selfMonitor,
            Alerts alerts,
            JobMetrics jobMetrics,
            ClockSkewCheck clockSkew,
            SafetyGauges safety,
            ScalePocProperties properties) {
        return new MonitoringLoop(
                selfMonitor,
                alerts,
                jobMetrics,
                clockSkew,
                safety,
                properties.monitoring().selfCheckInterval());
    }

    @Bean
    SafetyGauges safetyGauges(SafetyAudit audit, MeterRegistry meters) {
        return new SafetyGauges(audit, meters);
    }

    @Bean
    GlobalMonitor globalMonitor(
            ScalePocProperties properties,
            ClusterView cluster,
            ExecutionHistory history,
            JobControlStore controls,
            Alerts alerts,
            ReleaseAnnouncer announcer,
            @ReplicaClock Clock clock,
            SafetyAudit audit,
            ReplicaIdentity identity) {
        return new GlobalMonitor(
                properties.catalog(),
                properties.monitoring().staleGrace(),
                properties.monitoring().handOverGrace(properties.ownership()),
                cluster,
                history,
                controls,
                alerts,
                announcer,
                clock,
                audit,
                properties.ownership().leaseDuration(),
                identity.instanceId());
    }

    @Bean
    MonitorJobFactory monitorJobFactory(
            GlobalMonitor monitor, JobRepository repository, PlatformTransactionManager transactionManager) {
        return new MonitorJobFactory(monitor, repository, transactionManager);
    }
}
