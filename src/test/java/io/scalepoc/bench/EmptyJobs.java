package io.scalepoc.bench;

import io.scalepoc.testsupport.Replica;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * {@code COUNT} catalog jobs named {@code bench-job-01}… whose only step does nothing, for benchmarks
 * about ownership rather than work. Add with {@link Replica.Builder#withConfiguration} and {@link
 * #catalog}.
 */
public class EmptyJobs {

    static final int COUNT = Integer.getInteger("bench.jobs", 60);

    static String name(int i) {
        return String.format("bench-job-%02d", i);
    }

    /** Puts every empty job in the replica's catalog with {@code fixedDelay}, other demo jobs off. */
    static Replica.Builder catalog(Replica.Builder replica, String fixedDelay) {
        replica.onlyJobs(fixedDelay);
        for (int i = 1; i <= COUNT; i++) {
            replica.job(name(i), "fixed-delay", fixedDelay);
        }
        return replica;
    }

    /** Makes the jobs. */
    public static class Factory {
        private final JobRepository repository;
        private final PlatformTransactionManager transactionManager;

        Factory(JobRepository repository, PlatformTransactionManager transactionManager) {
            this.repository = repository;
            this.transactionManager = transactionManager;
        }

        public Job create(String name) {
            return new JobBuilder(name, repository)
                    .start(new StepBuilder(name + ".nothing", repository)
                            .tasklet((contribution, context) -> RepeatStatus.FINISHED, transactionManager)
                            .build())
                    .build();
        }
    }

    @Bean
    Factory emptyJobFactory(JobRepository repository, PlatformTransactionManager transactionManager) {
        return new Factory(repository, transactionManager);
    }

    @Bean
    static BeanDefinitionRegistryPostProcessor emptyJobRegistrar() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                for (int i = 1; i <= COUNT; i++) {
                    RootBeanDefinition definition = new RootBeanDefinition();
                    definition.setTargetType(Job.class);
                    definition.setFactoryBeanName("emptyJobFactory");
                    definition.setFactoryMethodName("create");
                    definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name(i));
                    registry.registerBeanDefinition(name(i), definition);
                }
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
        };
    }
}
