package io.scalepoc.etl.jdbc;

import io.scalepoc.config.DeclarativeJobs.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.StatementCallback;

/**
 * A declarative {@code sql} job: its statements, in order, in the step's one transaction (so the
 * runner's epoch fence decides whether any of it commits), each bounded by {@code SET LOCAL
 * statement_timeout}. Rows changed by each statement are added to the step's write count.
 */
class SqlStatementsTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(SqlStatementsTasklet.class);

    private final String jobName;
    private final Sql sql;
    private final JdbcTemplate jdbc;

    SqlStatementsTasklet(String jobName, Sql sql, JdbcTemplate jdbc) {
        this.jobName = jobName;
        this.sql = sql;
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        jdbc.queryForObject(
                "SELECT set_config('statement_timeout', ?, true)",
                String.class,
                Long.toString(sql.statementTimeout().toMillis()));
        for (int i = 0; i < sql.statements().size(); i++) {
            String statement = sql.statements().get(i);
            long started = System.nanoTime();
            // execute, not executeUpdate: a statement may also return rows (SELECT f(), CALL with OUT parameters)
            Integer changed = jdbc.execute((StatementCallback<Integer>) jdbcStatement -> {
                jdbcStatement.execute(statement);
                return Math.max(jdbcStatement.getUpdateCount(), 0);
            });
            if (changed != null && changed > 0) {
                contribution.incrementWriteCount(changed);
            }
            log.debug(
                    "Job '{}' statement {} changed {} rows in {} ms",
                    jobName,
                    i + 1,
                    changed,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return RepeatStatus.FINISHED;
    }
}
