package io.scalepoc.monitoring.jdbc;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the monitoring capability's PostgreSQL adapter: the alert store. */
@Configuration(proxyBeanMethods = false)
class MonitoringJdbcConfiguration {

    @Bean
    JdbcAlertStore alertStore(JdbcTemplate jdbc) {
        return new JdbcAlertStore(jdbc);
    }
}
