package io.scalepoc.support;

import io.scalepoc.config.InstanceId;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.ownership.ReplicaIdentity;
import io.scalepoc.support.jdbc.PostgresClock;
import io.scalepoc.support.jdbc.PostgresNotifications;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The clock, this replica's identity, and PostgreSQL notifications. */
@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SupportConfiguration.class);

    /**
     * The replica's clock follows PostgreSQL's ({@link PostgresClock}): read once here, again by
     * the monitoring loop every self-check interval.
     */
    @Bean
    PostgresClock clock(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.setQueryTimeout(2);
        PostgresClock clock = new PostgresClock(jdbc);
        if (!clock.synchronize()) {
            log.warn("Could not read PostgreSQL's clock at start-up; this replica's wall clock stands in until it can");
        }
        return clock;
    }

    @Bean
    PostgresNotifications postgresNotifications(DataSource dataSource) {
        return new PostgresNotifications(dataSource);
    }

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
}
