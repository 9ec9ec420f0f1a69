package io.scalepoc.ownership.jdbc;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.ownership.ReplicaIdentity;
import io.scalepoc.support.ReplicaClock;
import io.scalepoc.support.jdbc.PostgresNotifications;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the ownership capability's PostgreSQL adapters: epochs, release announcements, check-ins. */
@Configuration(proxyBeanMethods = false)
class OwnershipJdbcConfiguration {

    @Bean
    JdbcEpochStore epochStore(JdbcTemplate jdbc, @ReplicaClock Clock clock, ScalePocProperties properties) {
        return new JdbcEpochStore(jdbc, clock, properties.ownership().leaseDuration());
    }

    @Bean
    PostgresReleaseChannel releaseChannel(PostgresNotifications notifications) {
        return new PostgresReleaseChannel(notifications);
    }

    /** With its own short query timeout: recording an event must not hold up who records it. */
    @Bean
    JdbcJobEvents jobEvents(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setQueryTimeout(2);
        return new JdbcJobEvents(jdbc);
    }

    @Bean
    JdbcDatabaseCheck databaseCheck(DataSource dataSource, ReplicaIdentity identity) {
        return new JdbcDatabaseCheck(dataSource, identity.instanceId(), Duration.ofSeconds(2));
    }
}
