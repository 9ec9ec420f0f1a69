package io.scalepoc.execution.jdbc;

import io.scalepoc.config.ScalePocProperties;
import java.time.Clock;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the execution capability's PostgreSQL adapters. */
@Configuration(proxyBeanMethods = false)
class ExecutionJdbcConfiguration {

    @Bean
    JdbcExecutionHistory executionHistory(JdbcTemplate jdbc) {
        return new JdbcExecutionHistory(jdbc);
    }

    @Bean
    JdbcRunIdSequence runIdSequence(JdbcTemplate jdbc) {
        return new JdbcRunIdSequence(jdbc);
    }

    @Bean
    JdbcStopRequests stopRequests(JdbcTemplate jdbc) {
        return new JdbcStopRequests(jdbc);
    }

    @Bean
    MetadataRetention metadataRetention(
            JdbcTemplate jdbc,
            JobRepository repository,
            PlatformTransactionManager transactionManager,
            Clock clock,
            ScalePocProperties properties) {
        return new MetadataRetention(
                jdbc,
                repository,
                transactionManager,
                clock,
                properties.audit().metadataRetention(),
                properties.audit().metadataPruningInterval());
    }
}
