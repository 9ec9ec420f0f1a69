package io.scalepoc.support.jdbc;

import io.scalepoc.support.ReplicaClock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Our migrations, the replica's clock and PostgreSQL notifications. */
@Configuration(proxyBeanMethods = false)
class SupportJdbcConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SupportJdbcConfiguration.class);

    /** Our tables, before any bean that uses them (see {@link ScalePocMigrationsDetector}). */
    @Bean
    ScalePocMigrations scalePocMigrations(DataSource dataSource) {
        return new ScalePocMigrations(dataSource);
    }

    /**
     * The replica's clock follows PostgreSQL's ({@link PostgresClock}): read once here, again by
     * the monitoring loop every self-check interval.
     */
    @Bean
    @ReplicaClock
    PostgresClock replicaClock(DataSource dataSource) {
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
}
