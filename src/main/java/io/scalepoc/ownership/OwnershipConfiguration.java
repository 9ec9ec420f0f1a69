package io.scalepoc.ownership;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.ownership.jdbc.JdbcDatabaseCheck;
import io.scalepoc.ownership.jdbc.JdbcEpochStore;
import io.scalepoc.ownership.jdbc.PostgresReleaseChannel;
import io.scalepoc.support.jdbc.PostgresNotifications;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the ownership capability; the lease store comes from the DynamoDB adapter. */
@Configuration(proxyBeanMethods = false)
class OwnershipConfiguration {

    @Bean
    JdbcEpochStore epochStore(JdbcTemplate jdbc, Clock clock, ScalePocProperties properties) {
        return new JdbcEpochStore(jdbc, clock, properties.ownership().leaseDuration());
    }

    @Bean
    PostgresReleaseChannel releaseChannel(PostgresNotifications notifications) {
        return new PostgresReleaseChannel(notifications);
    }

    @Bean
    JobOwnership jobOwnership(
            ReplicaIdentity identity,
            ScalePocProperties properties,
            LeaseStore leases,
            EpochStore epochs,
            Clock clock,
            List<OwnershipListener> listeners,
            ReleaseAnnouncer announcer,
            DatabaseCheck database,
            LeaseProbe probe) {
        return new JobOwnership(identity, properties, leases, epochs, clock, listeners, announcer, database, probe);
    }

    @Bean
    JdbcDatabaseCheck databaseCheck(DataSource dataSource, ReplicaIdentity identity) {
        return new JdbcDatabaseCheck(dataSource, identity.instanceId(), Duration.ofSeconds(2));
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
    ClusterView clusterView(LeaseProbe probe) {
        return new ClusterView(probe);
    }

    @Bean
    ClaimLoop claimLoop(JobOwnership ownership, ScalePocProperties properties, ReleaseChannel releases) {
        return new ClaimLoop(ownership, properties.ownership().claimInterval(), releases);
    }
}
