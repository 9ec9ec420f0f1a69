package io.scalepoc.ownership.dynamodb;

import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.ownership.LeaseSightings;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.ReplicaIdentity;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Two DynamoDB clients, each with its own HTTP connection pool: one for the lease store alone
 * (heartbeats, claims, releases), and one for everything else — the monitors' probe, the API's
 * cluster view, health. So however many reads anonymous callers cause, they never queue in front
 * of a heartbeat.
 */
@Configuration(proxyBeanMethods = false)
class DynamoDbConfiguration {

    @Bean
    DynamoDbRequestMetrics dynamoDbRequestMetrics(MeterRegistry meters) {
        return new DynamoDbRequestMetrics(meters);
    }

    /** Probe, cluster view, health: never the heartbeats' client. */
    @Bean
    @ConditionalOnMissingBean
    DynamoDbClient dynamoDbClient(ScalePocProperties properties, DynamoDbRequestMetrics metrics) {
        return DynamoDbClients.create(properties.dynamodb(), System.getenv(), List.of(metrics));
    }

    /**
     * Closed by the replica lifecycle, in order, not by the container: closing releases every lease
     * (and then closes the lease store's own client).
     */
    @Bean(destroyMethod = "")
    LeaseStore leaseStore(
            DynamoDbClient dynamo,
            ScalePocProperties properties,
            ReplicaIdentity identity,
            DynamoDbRequestMetrics metrics,
            ObjectProvider<EarlyLeaseObservation> early) {
        LockTable.ensure(dynamo, properties.dynamodb());
        EarlyLeaseObservation.Settings settings =
                EarlyLeaseObservation.Settings.of(properties.dynamodb(), properties.ownership(), identity.instanceId());
        Optional<DynamoDbLeaseStore> observedEarly = Optional.ofNullable(early.getIfAvailable())
                .flatMap(observation -> observation.take(
                        settings,
                        metrics,
                        properties.dynamodb().apiCallTimeout().multipliedBy(2)));
        if (observedEarly.isPresent()) {
            return observedEarly.get();
        }
        DynamoDbLeaseStore store = new DynamoDbLeaseStore(
                DynamoDbClients.create(properties.dynamodb(), System.getenv(), List.of(metrics)),
                settings.dynamodb().tableName(),
                settings.owner(),
                settings.lease(),
                settings.heartbeat(),
                settings.heartbeatThreads(),
                true);
        // Restart in place: a predecessor with this instance id may have left its member and job
        // leases. Their lease-long wait for proof of death starts with the first observation, so
        // observe them now (EarlyLeaseObservation did not), while the rest of the application
        // starts, not when the lifecycle does.
        store.observe(EarlyLeaseObservation.predecessorKeys(identity.instanceId()));
        return store;
    }

    /**
     * What this replica has seen of the lock table, shared by every scan it makes; seeded with the
     * early scan of the start-up when there was one, so that a predecessor's job leases count as
     * seen from then on. After the lease store, which waited for that scan.
     */
    @Bean
    LeaseSightings leaseSightings(
            ScalePocProperties properties, ObjectProvider<EarlyLeaseObservation> early, LeaseStore leaseStore) {
        LeaseSightings sightings = new LeaseSightings(properties.ownership().leaseDuration(), System::nanoTime);
        Optional.ofNullable(early.getIfAvailable())
                .flatMap(EarlyLeaseObservation::scanned)
                .ifPresent(scan -> sightings.record(scan.records(), scan.atNanos()));
        return sightings;
    }

    /** Scans and reclaims of the lock table; created after the lease store, which made sure the table exists. */
    @Bean
    DynamoDbLeaseProbe leaseProbe(DynamoDbClient dynamo, ScalePocProperties properties, LeaseStore leaseStore) {
        return new DynamoDbLeaseProbe(dynamo, properties.dynamodb().tableName());
    }
}
