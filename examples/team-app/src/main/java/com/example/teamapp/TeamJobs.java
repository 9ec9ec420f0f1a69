package com.example.teamapp;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcBatchItemWriter;
import org.springframework.batch.infrastructure.item.database.JdbcCursorItemReader;
import org.springframework.batch.infrastructure.item.database.builder.JdbcBatchItemWriterBuilder;
import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The team's two jobs, plain Spring Batch. The bean name is the job's name in {@code scalepoc.jobs}.
 *
 * <ul>
 *   <li>{@code invoice-totals}: a chunk job, a cursor over {@code team.invoice} (in id order) → a JDBC
 *       writer into {@code team.invoice_total}. The reader saves its position, so a run interrupted on
 *       one replica is resumed by another from its last committed chunk.
 *   <li>{@code daily-report}: a tasklet that records how many invoices there are.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class TeamJobs {

    record Invoice(long id, long amountCents, String currency) {}

    @Bean("invoice-totals")
    Job invoiceTotals(
            JobRepository jobRepository,
            PlatformTransactionManager transactionManager,
            DataSource dataSource,
            @Value("${team.invoice-totals.chunk-size:100}") int chunkSize,
            @Value("${team.invoice-totals.pause-per-chunk:0ms}") Duration pausePerChunk) {
        JdbcCursorItemReader<Invoice> reader = new JdbcCursorItemReaderBuilder<Invoice>()
                .name("invoices")
                .dataSource(dataSource)
                .sql("SELECT id, amount_cents, currency FROM team.invoice ORDER BY id")
                .fetchSize(chunkSize)
                .rowMapper((rs, row) -> new Invoice(rs.getLong(1), rs.getLong(2), rs.getString(3)))
                .build();
        JdbcBatchItemWriter<Invoice> writer = new JdbcBatchItemWriterBuilder<Invoice>()
                .dataSource(dataSource)
                .sql("INSERT INTO team.invoice_total (invoice_id, amount, currency) VALUES (?, ?, ?)")
                .itemPreparedStatementSetter((invoice, statement) -> {
                    statement.setLong(1, invoice.id());
                    statement.setBigDecimal(2, java.math.BigDecimal.valueOf(invoice.amountCents(), 2));
                    statement.setString(3, invoice.currency());
                })
                .build();
        return new JobBuilder("invoice-totals", jobRepository)
                .start(new StepBuilder("invoice-totals.copy", jobRepository)
                        .<Invoice, Invoice>chunk(chunkSize)
                        .transactionManager(transactionManager)
                        .reader(reader)
                        .writer(writer)
                        .listener(pause(pausePerChunk))
                        .build())
                .build();
    }

    @Bean("daily-report")
    Job dailyReport(
            JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc, Clock clock) {
        return new JobBuilder("daily-report", jobRepository)
                .start(new StepBuilder("daily-report.count", jobRepository)
                        .tasklet(
                                (contribution, context) -> {
                                    jdbc.update(
                                            "INSERT INTO team.report (at, invoices) SELECT ?, count(*) FROM team.invoice",
                                            java.sql.Timestamp.from(clock.instant()));
                                    return RepeatStatus.FINISHED;
                                },
                                transactionManager)
                        .build())
                .build();
    }

    /** Slows the copy down on purpose ({@code team.invoice-totals.pause-per-chunk}), to watch a hand-over. */
    private static ChunkListener<Invoice, Invoice> pause(Duration pause) {
        return new ChunkListener<>() {
            @Override
            public void afterChunk(org.springframework.batch.infrastructure.item.Chunk<Invoice> chunk) {
                if (!pause.isZero()) {
                    try {
                        Thread.sleep(pause.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
    }
}
