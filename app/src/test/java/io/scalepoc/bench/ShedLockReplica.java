package io.scalepoc.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.config.DynamoDbProperties;
import io.scalepoc.etl.TableSyncJobFactory;
import io.scalepoc.etl.jdbc.JdbcTableSyncIo;
import io.scalepoc.etl.jdbc.JdbcWatermarkStore;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.execution.jdbc.JdbcRunIdSequence;
import io.scalepoc.ownership.RunToken;
import io.scalepoc.ownership.dynamodb.DynamoDbClients;
import io.scalepoc.ownership.dynamodb.DynamoDbRequestMetrics;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.TestDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.dynamodb2.DynamoDBLockProvider;
import net.javacrumbs.shedlock.provider.dynamodb2.DynamoDBUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;

/**
 * A replica of the same workload under ShedLock, for the side-by-side benchmark (docs/benchmarks.md):
 * how a team would put ShedLock in front of Spring Batch. Every replica schedules every job with a
 * fixed delay; each launch is wrapped in ShedLock's core {@link LockingTaskExecutor} with its
 * DynamoDB (SDK v2) provider, so a replica skips a run while another holds the job's lock. ShedLock
 * has no fencing token, so the table-sync jobs run with a fence that accepts every chunk (epoch 0).
 * Every DynamoDB request is counted by the same SDK interceptor as scale-poc's ({@code
 * scalepoc.dynamodb.requests}). Runs in-process ({@link #start}) or as a child JVM ({@link #main}).
 * Not a {@code @Configuration}, so scale-poc's component scanning leaves it out of its replicas.
 */
@EnableAutoConfiguration
public class ShedLockReplica {

    /** Logged once every job is scheduled. */
    public static final String READY = "ShedLock replica ready";

    /**
     * A plain Spring Batch application on scale-poc's application.yml (Flyway, the Batch table
     * prefix): nothing of scale-poc is scanned and the jobs come as sources, so its health
     * indicators are not there either. Command-line arguments, to win over application.yml.
     */
    private static final List<String> FIXED = List.of(
            "--spring.main.banner-mode=off",
            "--management.endpoint.health.group.readiness.include=readinessState,db",
            "--management.endpoint.health.group.liveness.include=livenessState");

    private static final Logger log = LoggerFactory.getLogger(ShedLockReplica.class);

    public static void main(String[] args) {
        List<String> all = new ArrayList<>(FIXED);
        all.addAll(List.of(args));
        builder().run(all.toArray(String[]::new));
    }

    /** The settings of a replica of {@code cluster} whose jobs run every {@code fixedDelay} under the given lock times. */
    public static Map<String, Object> settings(
            String instanceId, Cluster cluster, Duration fixedDelay, Duration lockAtMostFor, Duration lockAtLeastFor) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bench.shedlock.instance-id", instanceId);
        settings.put("bench.shedlock.endpoint", TestDynamoDb.endpoint());
        settings.put("bench.shedlock.table-name", tableName(cluster));
        settings.put("bench.shedlock.fixed-delay", fixedDelay);
        settings.put("bench.shedlock.lock-at-most-for", lockAtMostFor);
        settings.put("bench.shedlock.lock-at-least-for", lockAtLeastFor);
        settings.putAll(cluster.dataSource(4));
        return settings;
    }

    /** Starts a replica in this JVM with {@code jobs} (configurations with the job beans, such as {@link EmptyJobs}). */
    public static ConfigurableApplicationContext start(Map<String, Object> settings, Class<?>... jobs) {
        List<String> args = new ArrayList<>(FIXED);
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return builder().sources(jobs).run(args.toArray(String[]::new));
    }

    /** ShedLock's own table (key {@code _id}) beside the cluster's scale-poc lock table. */
    public static void createLockTable(DynamoDbClient client, Cluster cluster) {
        DynamoDBUtils.createLockTable(
                client,
                tableName(cluster),
                ProvisionedThroughput.builder()
                        .readCapacityUnits(100L)
                        .writeCapacityUnits(100L)
                        .build());
    }

    private static String tableName(Cluster cluster) {
        return cluster.tableName() + "-shedlock";
    }

    private static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ShedLockReplica.class).web(WebApplicationType.NONE);
    }

    @Bean(destroyMethod = "close")
    DynamoDbClient shedLockDynamoDb(
            @Value("${bench.shedlock.endpoint}") String endpoint,
            @Value("${bench.shedlock.table-name}") String tableName,
            MeterRegistry meters) {
        return DynamoDbClients.create(
                new DynamoDbProperties(endpoint, "us-east-1", tableName, false, Duration.ofSeconds(3)),
                Map.of(),
                List.of(new DynamoDbRequestMetrics(meters)));
    }

    @Bean
    LockingTaskExecutor lockingTaskExecutor(
            DynamoDbClient shedLockDynamoDb, @Value("${bench.shedlock.table-name}") String tableName) {
        return new DefaultLockingTaskExecutor(new DynamoDBLockProvider(shedLockDynamoDb, tableName));
    }

    /** The table-sync job type without a fence: ShedLock gives the job nothing to check its lock with. */
    @Bean
    TableSyncJobFactory tableSyncJobFactory(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
        return new TableSyncJobFactory(
                jobRepository,
                transactionManager,
                new JdbcTableSyncIo(jdbc, new JdbcWatermarkStore(jdbc), Duration.ofDays(7)));
    }

    @Bean
    LockedSchedules lockedSchedules(
            Map<String, Job> jobs,
            JobOperator operator,
            JdbcTemplate jdbc,
            LockingTaskExecutor executor,
            @Value("${bench.shedlock.instance-id}") String instanceId,
            @Value("${bench.shedlock.fixed-delay}") Duration fixedDelay,
            @Value("${bench.shedlock.lock-at-most-for}") Duration lockAtMostFor,
            @Value("${bench.shedlock.lock-at-least-for}") Duration lockAtLeastFor) {
        return new LockedSchedules(
                jobs,
                operator,
                new JdbcRunIdSequence(jdbc),
                executor,
                instanceId,
                fixedDelay,
                lockAtMostFor,
                lockAtLeastFor);
    }

    /**
     * One fixed-delay schedule per job, as {@code @Scheduled(fixedDelay)} with {@code @SchedulerLock}
     * would make: each tick tries the job's lock and, if it gets it, runs the job to its end.
     */
    static final class LockedSchedules implements SmartLifecycle {

        private final Map<String, Job> jobs;
        private final JobOperator operator;
        private final JdbcRunIdSequence runIds;
        private final LockingTaskExecutor executor;
        private final String instanceId;
        private final Duration fixedDelay;
        private final Duration lockAtMostFor;
        private final Duration lockAtLeastFor;
        private final ScheduledExecutorService scheduler;
        private volatile boolean running;

        LockedSchedules(
                Map<String, Job> jobs,
                JobOperator operator,
                JdbcRunIdSequence runIds,
                LockingTaskExecutor executor,
                String instanceId,
                Duration fixedDelay,
                Duration lockAtMostFor,
                Duration lockAtLeastFor) {
            this.jobs = jobs;
            this.operator = operator;
            this.runIds = runIds;
            this.executor = executor;
            this.instanceId = instanceId;
            this.fixedDelay = fixedDelay;
            this.lockAtMostFor = lockAtMostFor;
            this.lockAtLeastFor = lockAtLeastFor;
            this.scheduler = Executors.newScheduledThreadPool(Math.min(jobs.size(), 8));
        }

        @Override
        public void start() {
            jobs.forEach((name, job) -> scheduler.scheduleWithFixedDelay(
                    () -> executor.executeWithLock(
                            (Runnable) () -> launch(job),
                            new LockConfiguration(Instant.now(), name, lockAtMostFor, lockAtLeastFor)),
                    0,
                    fixedDelay.toMillis(),
                    TimeUnit.MILLISECONDS));
            running = true;
            log.info("{} ({}): {} jobs every {}", READY, instanceId, jobs.size(), fixedDelay);
        }

        private void launch(Job job) {
            try {
                JobParameters parameters = new JobParametersBuilder()
                        .addLong(JobRunner.RUN_ID, runIds.next())
                        .addString(RunToken.OWNER, instanceId, false)
                        .addLong(RunToken.EPOCH, 0L, false)
                        .toJobParameters();
                operator.start(job, parameters);
            } catch (Exception e) {
                log.warn("Job '{}' could not be launched: {}", job.getName(), e.toString());
            }
        }

        @Override
        public void stop() {
            running = false;
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
