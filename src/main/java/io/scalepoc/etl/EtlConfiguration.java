package io.scalepoc.etl;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.etl.jdbc.JdbcWatermarkStore;
import io.scalepoc.ownership.EpochFence;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class EtlConfiguration {

    @Bean
    JdbcWatermarkStore watermarkStore(JdbcTemplate jdbc) {
        return new JdbcWatermarkStore(jdbc);
    }

    @Bean
    TableSyncJobFactory tableSyncJobFactory(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            JdbcTemplate jdbc,
            WatermarkStore watermarks,
            EpochFence fence,
            ScalePocProperties properties) {
        return new TableSyncJobFactory(
                jobRepository,
                transactionManager,
                jdbc,
                watermarks,
                fence,
                properties.audit().chunkLogRetention());
    }
}
