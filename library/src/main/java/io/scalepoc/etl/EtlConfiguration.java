package io.scalepoc.etl;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class EtlConfiguration {

    @Bean
    TableSyncJobFactory tableSyncJobFactory(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, TableSyncIo io) {
        return new TableSyncJobFactory(jobRepository, transactionManager, io);
    }
}
