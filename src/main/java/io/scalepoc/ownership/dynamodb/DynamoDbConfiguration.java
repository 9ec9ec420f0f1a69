package io.scalepoc.ownership.dynamodb;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.ReplicaIdentity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB client and the lease store over the lock table. */
@Configuration(proxyBeanMethods = false)
class DynamoDbConfiguration {

    @Bean
    DynamoDbClient dynamoDbClient(ScalePocProperties properties) {
        return DynamoDbClients.create(properties.dynamodb(), System.getenv());
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
}
