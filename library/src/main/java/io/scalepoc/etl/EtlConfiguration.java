package io.scalepoc.etl;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class EtlConfiguration {

    /** Declarative jobs' bean definitions; static, as a registry post-processor must be. */
    @Bean
    static DeclarativeJobRegistrar declarativeJobRegistrar(Environment environment) {
        return new DeclarativeJobRegistrar(environment);
    }

    @Bean
    TableSyncJobFactory tableSyncJobFactory(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, TableSyncIo io) {
        return new TableSyncJobFactory(jobRepository, transactionManager, io);
    }
}
