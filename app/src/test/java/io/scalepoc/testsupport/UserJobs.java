package io.scalepoc.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Two jobs written the way a team writes Spring Batch jobs, with no scale-poc API in them: a
 * tasklet that inserts one row per call, and a chunk job, {@link JdbcCursorItemReader} → {@link
 * JdbcBatchItemWriter}, copying numbers. Each records the {@code epoch} and {@code owner} job
 * parameters in its rows (plain Spring Batch job parameters), so a test can tell which ownership
 * committed what.
 *
 * <p>Each stops at a gate ({@link #GATE_TABLE}) in the middle of its work, inside its transaction
 * (the tasklet after its insert, the chunk job while processing a chunk), until the test opens it:
 * the place where a frozen owner is worst off. Not a {@code @Configuration}, so component scanning
 * leaves it out of replicas that did not ask for it.
 */
public class UserJobs {

    public static final String TASKLET_JOB = "user-tasklet-job";
    public static final String CHUNK_JOB = "user-chunk-job";
    public static final String TASKLET_ROWS = "public.user_tasklet_rows";
    public static final String CHUNK_ROWS = "public.user_chunk_rows";
    public static final String GATE_TABLE = "public.user_job_gate";
    /** How many rows the tasklet job inserts, one per call. */
    public static final int TASKLET_CALLS = 40;
    /** How many numbers the chunk job copies. */
    public static final int NUMBERS = 200;

    /** The tables both jobs use, and a closed gate for each at {@code taskletGate} and {@code chunkGate}. */
    public static void createTables(JdbcTemplate jdbc, int taskletGate, int chunkGate) {
        jdbc.execute(
                """
                CREATE TABLE public.user_numbers AS SELECT n FROM generate_series(1, %d) AS n;
                CREATE TABLE public.user_chunk_rows (n int NOT NULL, epoch bigint NOT NULL, owner text NOT NULL);
                CREATE TABLE public.user_tasklet_rows (n int NOT NULL, epoch bigint NOT NULL, owner text NOT NULL);
                CREATE TABLE public.user_job_gate (
                    job text PRIMARY KEY, at_item int NOT NULL, open boolean NOT NULL, waiting text);
                """
                        .formatted(NUMBERS));
        jdbc.update(
                "INSERT INTO " + GATE_TABLE + " (job, at_item, open) VALUES (?, ?, false), (?, ?, false)",
                TASKLET_JOB,
                taskletGate,
                CHUNK_JOB,
                chunkGate);
    }

    /** Who is waiting at {@code job}'s gate; null when nobody is. */
    public static String waitingAtGate(JdbcTemplate jdbc, String job) {
        return jdbc.queryForObject("SELECT waiting FROM " + GATE_TABLE + " WHERE job = ?", String.class, job);
    }

    public static void openGates(JdbcTemplate jdbc) {
        jdbc.update("UPDATE " + GATE_TABLE + " SET open = true");
    }

    @Bean(TASKLET_JOB)
    Job userTaskletJob(
            JobRepository repository, PlatformTransactionManager transactions, JdbcTemplate jdbc, Gate gate) {
        return new JobBuilder(TASKLET_JOB, repository)
                .start(new StepBuilder(TASKLET_JOB + ".insert", repository)
                        .tasklet(
                                (contribution, chunkContext) -> {
                                    Integer last = jdbc.queryForObject(
                                            "SELECT coalesce(max(n), 0) FROM " + TASKLET_ROWS, Integer.class);
                                    if (last >= TASKLET_CALLS) {
                                        return RepeatStatus.FINISHED;
                                    }
                                    var parameters =
                                            chunkContext.getStepContext().getJobParameters();
                                    jdbc.update(
                                            "INSERT INTO " + TASKLET_ROWS + " (n, epoch, owner) VALUES (?, ?, ?)",
                                            last + 1,
                                            parameters.get("epoch"),
                                            parameters.get("owner"));
                                    gate.pass(TASKLET_JOB, last + 1, (String) parameters.get("owner"));
                                    return RepeatStatus.CONTINUABLE;
                                },
                                transactions)
                        .build())
                .build();
    }

    @Bean(CHUNK_JOB)
    Job userChunkJob(
            JobRepository repository,
            PlatformTransactionManager transactions,
            DataSource dataSource,
            NumberCopier userChunkProcessor) {
        JdbcCursorItemReader<Integer> reader = new JdbcCursorItemReaderBuilder<Integer>()
                .name("numbers")
                .dataSource(dataSource)
                .sql("SELECT n FROM public.user_numbers ORDER BY n")
                .rowMapper((rs, row) -> rs.getInt(1))
                .build();
        JdbcBatchItemWriter<CopiedNumber> writer = new JdbcBatchItemWriterBuilder<CopiedNumber>()
                .dataSource(dataSource)
                .sql("INSERT INTO " + CHUNK_ROWS + " (n, epoch, owner) VALUES (:n, :epoch, :owner)")
                .beanMapped()
                .build();
        return new JobBuilder(CHUNK_JOB, repository)
                .start(new StepBuilder(CHUNK_JOB + ".copy", repository)
                        .<Integer, CopiedNumber>chunk(10)
                        .transactionManager(transactions)
                        .reader(reader)
                        .processor(userChunkProcessor)
                        .writer(writer)
                        .build())
                .build();
    }

    @Bean
    @StepScope
    NumberCopier userChunkProcessor(
            Gate gate,
            @Value("#{jobParameters['epoch']}") Long epoch,
            @Value("#{jobParameters['owner']}") String owner) {
        return new NumberCopier(gate, epoch, owner);
    }

    /** The chunk job's processor: stamps each number with the run's epoch and owner (step-scoped). */
    public static class NumberCopier implements ItemProcessor<Integer, CopiedNumber> {

        private final Gate gate;
        private final long epoch;
        private final String owner;

        NumberCopier(Gate gate, long epoch, String owner) {
            this.gate = gate;
            this.epoch = epoch;
            this.owner = owner;
        }

        @Override
        public CopiedNumber process(Integer n) {
            gate.pass(CHUNK_JOB, n, owner);
            return new CopiedNumber(n, epoch, owner);
        }
    }

    @Bean
    Gate userJobGate(Environment environment) {
        return new Gate(new JdbcTemplate(new DriverManagerDataSource(
                environment.getRequiredProperty("spring.datasource.url"),
                environment.getRequiredProperty("spring.datasource.username"),
                environment.getRequiredProperty("spring.datasource.password"))));
    }

    /** A row of the chunk job's target; a JavaBean, as {@code beanMapped()} reads it. */
    public static final class CopiedNumber {

        private final int n;
        private final long epoch;
        private final String owner;

        CopiedNumber(int n, long epoch, String owner) {
            this.n = n;
            this.epoch = epoch;
            this.owner = owner;
        }

        public int getN() {
            return n;
        }

        public long getEpoch() {
            return epoch;
        }

        public String getOwner() {
            return owner;
        }
    }

    /**
     * Holds a job at its gate item while the gate is closed, reporting who waits there; on a
     * connection of its own, outside the job's transaction.
     */
    static final class Gate {

        private final JdbcTemplate jdbc;

        Gate(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        void pass(String job, int item, String owner) {
            if (jdbc.update(
                            "UPDATE " + GATE_TABLE + " SET waiting = ? WHERE job = ? AND at_item = ? AND NOT open",
                            owner,
                            job,
                            item)
                    == 0) {
                return;
            }
            while (!Boolean.TRUE.equals(
                    jdbc.queryForObject("SELECT open FROM " + GATE_TABLE + " WHERE job = ?", Boolean.class, job))) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // the job waits, as a slow one would
            }
        }
    }
}
