package io.scalepoc.etl.jdbc;

import io.scalepoc.config.DeclarativeJobs;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.etl.WatermarkStore;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Wires the table sync's PostgreSQL adapters: watermarks, the keyset reader and the upsert writer. */
@Configuration(proxyBeanMethods = false)
class EtlJdbcConfiguration {

    @Bean
    JdbcWatermarkStore watermarkStore(JdbcTemplate jdbc) {
        return new JdbcWatermarkStore(jdbc);
    }

    /** The declarative catalog entries' jobs, made when first run ({@link io.scalepoc.execution.JobCatalog}). */
    @Bean
    JdbcDeclarativeJobFactory declarativeJobFactory(
            JobRepository repository,
            PlatformTransactionManager transactions,
            JdbcTemplate jdbc,
            WatermarkStore watermarks,
            Environment environment,
            ScalePocProperties properties) {
        return new JdbcDeclarativeJobFactory(
                repository,
                transactions,
                jdbc,
                watermarks,
                DeclarativeJobs.of(environment),
                properties.audit().chunkLogRetention());
    }

    @Bean
    JdbcTableSyncIo tableSyncIo(JdbcTemplate jdbc, WatermarkStore watermarks, ScalePocProperties properties) {
        return new JdbcTableSyncIo(jdbc, watermarks, properties.audit().chunkLogRetention());
    }
}
