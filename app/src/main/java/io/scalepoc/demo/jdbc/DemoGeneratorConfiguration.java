package io.scalepoc.demo.jdbc;

import io.scalepoc.demo.DemoProperties;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** The demo's generator job, which keeps changing the four source tables (profile {@code demo}). */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoGeneratorConfiguration {

    @Bean("demo-generator")
    Job demoGenerator(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            JdbcTemplate jdbc,
            DemoProperties demo) {
        return new JobBuilder("demo-generator", jobRepository)
                .start(new StepBuilder("demo-generator.generate", jobRepository)
                        .tasklet(new DemoDataGenerator(jdbc, demo), transactionManager)
                        .build())
                .build();
    }
}
