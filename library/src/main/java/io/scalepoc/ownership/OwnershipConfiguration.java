package io.scalepoc.ownership;

import io.scalepoc.config.InstanceId;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.support.ReplicaClock;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the ownership capability; the lease store comes from the DynamoDB adapter. */
@Configuration(proxyBeanMethods = false)
class OwnershipConfiguration {

    private static final Logger log = LoggerFactory.getLogger(OwnershipConfiguration.class);

    @Bean
    ReplicaIdentity replicaIdentity(ScalePocProperties properties) {
        ReplicaIdentity identity = new ReplicaIdentity(InstanceId.resolve(properties.instanceId(), System.getenv()));
        log.info(
                "Replica '{}': {} tokens, lease {} (heartbeat {}), claim interval {}, drain timeout {}, lock table '{}' at {}, jobs {}",
                identity.instanceId(),
                properties.tokens(),
                properties.ownership().leaseDuration(),
                properties.ownership().heartbeatPeriod(),
                properties.ownership().claimInterval(),
                properties.shutdown().drainTimeout(),
                properties.dynamodb().tableName(),
                properties.dynamodb().hasEndpoint() ? properties.dynamodb().endpoint() : "AWS",
                properties.jobs());
        return identity;
    }

    @Bean
    JobOwnership jobOwnership(
            ReplicaIdentity identity,
            ScalePocProperties properties,
            LeaseStore leases,
            EpochStore epochs,
            @ReplicaClock Clock clock,
            ReleaseAnnouncer announcer,
            DatabaseCheck database,
            LeaseProbe probe,
            LeaseSightings sightings,
            ObjectProvider<JobEvents> events) {
        JobOwnership ownership = new JobOwnership(
                identity,
                properties.catalog(),
                properties.ownership(),
                leases,
                epochs,
                clock,
                announcer,
                database,
                probe,
                sightings);
        ownership.recordEventsTo(events.getIfAvailable(() -> JobEvents.NONE));
        return ownership;
    }

    @Bean
    MemberLease memberLease(LeaseStore leases, ReplicaIdentity identity, ScalePocProperties properties) {
        return new MemberLease(
                leases,
                identity.instanceId(),
                properties.ownership().leaseDuration(),
                properties.ownership().heartbeatPeriod());
    }

    @Bean
    ClusterView clusterView(LeaseProbe probe, LeaseSightings sightings) {
        return new ClusterView(probe, sightings);
    }

    @Bean
    ClaimLoop claimLoop(
            JobOwnership ownership, ScalePocProperties properties, ReleaseChannel releases, MemberLease memberLease) {
        return new ClaimLoop(
                ownership,
                properties.ownership().claimInterval(),
                properties.ownership().effectiveScanInterval(),
                releases,
                memberLease);
    }
}
