package io.scalepoc.control.jdbc;

import io.scalepoc.support.jdbc.PostgresNotifications;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the control capability's PostgreSQL adapters: {@code job_control}, {@code job_trigger} and the notifications. */
@Configuration(proxyBeanMethods = false)
class ControlJdbcConfiguration {

    @Bean
    JdbcJobControlStore jobControlStore(JdbcTemplate jdbc) {
        return new JdbcJobControlStore(jdbc);
    }

    @Bean
    JdbcTriggerQueue triggerQueue(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new JdbcTriggerQueue(jdbc, new TransactionTemplate(transactionManager));
    }

    @Bean
    PostgresControlChannel controlChannel(PostgresNotifications notifications) {
        return new PostgresControlChannel(notifications);
    }
}
