package io.scalepoc.demo;

import io.scalepoc.etl.TableSyncDefinition;
import io.scalepoc.etl.TableSyncJobFactory;
import java.util.List;
import org.springframework.batch.core.job.Job;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The demo catalog: four table-sync jobs from schema {@code source} to {@code datasync}, as the
 * original POC had four jobs (the generator that keeps changing the sources is {@code
 * demo.jdbc}). Three of them are declarative ({@code application-demo.yml}); {@code
 * customers-sync} is the Java one, the way a team writes a sync whose transform is Java. Bean name
 * = job name = catalog key.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@EnableConfigurationProperties(DemoProperties.class)
class DemoJobsConfiguration {

    @Bean("customers-sync")
    Job customersSync(TableSyncJobFactory factory, DemoProperties demo) {
        return factory.create(new TableSyncDefinition(
                "customers-sync",
                "source.customers",
                List.of("id", "name", "email", "country"),
                "datasync.customers",
                "id",
                List.of("id", "full_name", "email", "country"),
                DemoTransforms::customer,
                demo.chunkSize()));
    }
}
