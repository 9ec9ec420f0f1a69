package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Starts replicas {@code ids} of {@code cluster} with the production timing (lease 20 s,
     * heartbeat 5 s, claim interval 10 s), X = 25, both global monitors (every 10 s and 60 s) and
     * every empty job every {@code fixedDelay}; returns once they own every job and both monitors.
     */
    static List<Replica> startProductionTiming(Replica.Cluster cluster, List<String> ids, String fixedDelay) {
        List<Replica> replicas = new ArrayList<>();
        try {
            for (String id : ids) {
                replicas.add(
                        catalog(Replica.builder(id, cluster).tokens(25).withConfiguration(EmptyJobs.class), fixedDelay)
                                .withGlobalMonitors("10s", "60s")
                                .property("scalepoc.ownership.lease-duration", "20s")
                                .property("scalepoc.ownership.heartbeat-period", "5s")
                                .property("scalepoc.ownership.claim-interval", "10s")
                                // empty runs take milliseconds: seven job threads fit the pool of ten
                                .property("scalepoc.max-concurrent-runs", 7)
                                .start());
            }
            // every job owned, and fair balancing (the default) done: no replica more than one job from another
            await().atMost(Duration.ofMinutes(4)).until(() -> {
                List<Integer> owned =
                        replicas.stream().map(r -> r.ownedJobs().size()).toList();
                return owned.stream().mapToInt(Integer::intValue).sum() == COUNT + 2
                        && java.util.Collections.max(owned) - java.util.Collections.min(owned) <= 1;
            });
        } catch (RuntimeException e) {
            replicas.forEach(Replica::close);
            throw e;
        }
        return replicas;
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
