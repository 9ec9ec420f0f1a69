package io.scalepoc.ownership.dynamodb;

import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.ReplicaIdentity;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client, the lease store over the lock table, and the monitors' probe. */
@Configuration(proxyBeanMethods = false)
class DynamoDbConfiguration {

    @Bean
    DynamoDbClient dynamoDbClient(ScalePocProperties properties, MeterRegistry meters) {
        return DynamoDbClients.create(
                properties.dynamodb(), System.getenv(), List.of(new DynamoDbRequestMetrics(meters)));
    }

    /** Closed by the replica lifecycle, in order, not by the container: closing releases every lease. */
    @Bean(destroyMethod = "")
    LeaseStore leaseStore(DynamoDbClient dynamo, ScalePocProperties properties, ReplicaIdentity identity) {
        LockTable.ensure(dynamo, properties.dynamodb());
        return new DynamoDbLeaseStore(
                dynamo,
                properties.dynamodb().tableName(),
                identity.instanceId(),
                properties.ownership().leaseDuration(),
                properties.ownership().heartbeatPeriod());
    }

    /** The monitors' probe client; created after the lease store, which made sure the table exists. */
    @Bean
    DynamoDbLeaseProbe leaseProbe(
            DynamoDbClient dynamo, ScalePocProperties properties, ReplicaIdentity identity, LeaseStore leaseStore) {
        return new DynamoDbLeaseProbe(
                dynamo,
                properties.dynamodb().tableName(),
                identity.instanceId() + "/probe",
                properties.monitoring().probeLeaseDuration());
    }
}
