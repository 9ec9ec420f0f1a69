package io.scalepoc.control.jdbc;

import io.scalepoc.support.jdbc.PostgresNotifications;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the control capability's PostgreSQL adapters: {@code job_control} and its notifications. */
@Configuration(proxyBeanMethods = false)
class ControlJdbcConfiguration {

    @Bean
    JdbcJobControlStore jobControlStore(JdbcTemplate jdbc) {
        return new JdbcJobControlStore(jdbc);
    }

    @Bean
    PostgresControlChannel controlChannel(PostgresNotifications notifications) {
        return new PostgresControlChannel(notifications);
    }
}
