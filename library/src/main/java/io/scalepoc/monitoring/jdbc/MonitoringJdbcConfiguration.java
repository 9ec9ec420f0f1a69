package io.scalepoc.monitoring.jdbc;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the monitoring capability's PostgreSQL adapters: the alert store and the safety audit. */
@Configuration(proxyBeanMethods = false)
class MonitoringJdbcConfiguration {

    @Bean
    JdbcAlertStore alertStore(JdbcTemplate jdbc) {
        return new JdbcAlertStore(jdbc);
    }

    @Bean
    JdbcSafetyAudit safetyAudit(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new JdbcSafetyAudit(jdbc, new TransactionTemplate(transactionManager));
    }
}
