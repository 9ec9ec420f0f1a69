package io.scalepoc.etl.jdbc;

import io.scalepoc.config.DeclarativeJobs;
import io.scalepoc.config.DeclarativeJobs.Definition;
import io.scalepoc.etl.DeclarativeJobFactory;
import io.scalepoc.etl.WatermarkStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Makes declarative jobs: {@code table-sync} as a {@link SetBasedTableSync} step, {@code sql} as a
 * {@link SqlStatementsTasklet} step, each a tasklet step in the application's transaction manager
 * (so the runner fences it like any job).
 *
 * <p>At start-up the catalog asks for {@link #problems()}: every declarative job checked against
 * the database (which Flyway has migrated by then, see {@link DeclarativeJobChecks}), so that
 * start-up stops listing every problem at once.
 */
public class JdbcDeclarativeJobFactory implements DeclarativeJobFactory {

    private final JobRepository repository;
    private final PlatformTransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final WatermarkStore watermarks;
    private final DeclarativeJobs jobs;
    /** {@code jobs.declared()}, made once: it goes through the whole catalog, and is read once per job and by the check. */
    private final Map<String, Definition> declared;

    private final Duration chunkLogRetention;

    public JdbcDeclarativeJobFactory(
            JobRepository repository,
            PlatformTransactionManager transactions,
            JdbcTemplate jdbc,
            WatermarkStore watermarks,
            DeclarativeJobs jobs,
            Duration chunkLogRetention) {
        this.repository = repository;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.watermarks = watermarks;
        this.jobs = jobs;
        this.declared = jobs.declared();
        this.chunkLogRetention = chunkLogRetention;
    }

    @Override
    public Set<String> names() {
        return declared.keySet();
    }

    @Override
    public Job create(String jobName) {
        Definition definition = declared.get(jobName);
        if (definition == null) {
            throw new IllegalArgumentException("No declarative job named '" + jobName + "'");
        }
        Tasklet tasklet;
        String step;
        if (DeclarativeJobs.TABLE_SYNC.equals(definition.type())) {
            tasklet = new SetBasedTableSync(jobName, definition.tableSync(), jdbc, watermarks, chunkLogRetention);
            step = jobName + ".sync";
        } else {
            tasklet = new SqlStatementsTasklet(jobName, definition.sql(), jdbc);
            step = jobName + ".sql";
        }
        return new JobBuilder(jobName, repository)
                .start(new StepBuilder(step, repository)
                        .tasklet(tasklet, transactions)
                        .build())
                .build();
    }

    /** Every problem of every declarative job against the database. */
    @Override
    public List<String> problems() {
        return new DeclarativeJobChecks(jdbc).problems(jobs, declared.keySet());
    }
}
