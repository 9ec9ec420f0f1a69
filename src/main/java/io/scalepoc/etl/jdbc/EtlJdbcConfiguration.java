package io.scalepoc.etl.jdbc;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.etl.WatermarkStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the table sync's PostgreSQL adapters: watermarks, the keyset reader and the upsert writer. */
@Configuration(proxyBeanMethods = false)
class EtlJdbcConfiguration {

    @Bean
    JdbcWatermarkStore watermarkStore(JdbcTemplate jdbc) {
        return new JdbcWatermarkStore(jdbc);
    }

    @Bean
    JdbcTableSyncIo tableSyncIo(JdbcTemplate jdbc, WatermarkStore watermarks, ScalePocProperties properties) {
        return new JdbcTableSyncIo(jdbc, watermarks, properties.audit().chunkLogRetention());
    }
}
