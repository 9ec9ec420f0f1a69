package io.scalepoc.testsupport;

import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A plain user chunk job, {@link JdbcCursorItemReader} → {@code JdbcBatchItemWriter}, copying
 * {@code scalepoc.test.big-copy-rows} (1,000,000) numbers into {@value #TARGET} in chunks of
 * {@value #CHUNK}: long enough to be interrupted mid-run. The reader saves its position (Spring
 * Batch's default), so a restart of the same JobInstance continues after the last committed chunk.
 * Not a {@code @Configuration}, so component scanning leaves it out of replicas that did not ask
 * for it.
 */
public class BigCopyJob {

    public static final String JOB = "big-copy";
    public static final String TARGET = "public.big_copy";
    public static final int CHUNK = 1000;

    public static void createTarget(JdbcTemplate jdbc) {
        jdbc.execute("CREATE UNLOGGED TABLE " + TARGET + " (n int NOT NULL)");
    }

    @Bean(JOB)
    Job bigCopy(
            JobRepository repository,
            PlatformTransactionManager transactions,
            DataSource dataSource,
            @Value("${scalepoc.test.big-copy-rows:1000000}") int rows) {
        JdbcCursorItemReader<Integer> reader = new JdbcCursorItemReaderBuilder<Integer>()
                .name("numbers")
                .dataSource(dataSource)
                .sql("SELECT n FROM generate_series(1, " + rows + ") AS n ORDER BY n")
                .fetchSize(CHUNK)
                .rowMapper((rs, row) -> rs.getInt(1))
                .build();
        return new JobBuilder(JOB, repository)
                .start(new StepBuilder(JOB + ".copy", repository)
                        .<Integer, Integer>chunk(CHUNK)
                        .transactionManager(transactions)
                        .reader(reader)
                        .writer(new JdbcBatchItemWriterBuilder<Integer>()
                                .dataSource(dataSource)
                                .sql("INSERT INTO " + TARGET + " (n) VALUES (?)")
                                .itemPreparedStatementSetter((n, statement) -> statement.setInt(1, n))
                                .build())
                        .build())
                .build();
    }
}
