package io.scalepoc.etl.jdbc;

import io.scalepoc.config.DeclarativeJobs;
import io.scalepoc.config.DeclarativeJobs.Definition;
import io.scalepoc.config.DeclarativeJobs.Sql;
import io.scalepoc.config.DeclarativeJobs.TableSync;
import io.scalepoc.config.InvalidConfigurationException;
import io.scalepoc.etl.DeclarativeJobFactory;
import io.scalepoc.etl.WatermarkStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Makes declarative jobs: {@code table-sync} as a {@link SetBasedTableSync} step, {@code sql} as a
 * {@link SqlStatementsTasklet} step, each a tasklet step in the application's transaction manager
 * (so the runner fences it like any job).
 *
 * <p>The first time a job is made, every declarative job is checked against the database (which
 * Flyway has migrated by then), and start-up stops listing every problem at once: tables and
 * columns that do not exist, missing change columns, a key that is not unique in the source or in
 * the target, column expressions PostgreSQL does not accept ({@code EXPLAIN} of the very chunk
 * statement), statements it does not accept ({@code EXPLAIN}, or the materialized view or procedure
 * they name).
 */
public class JdbcDeclarativeJobFactory implements DeclarativeJobFactory {

    private static final Pattern REFRESH =
            Pattern.compile("(?is)\\s*REFRESH\\s+MATERIALIZED\\s+VIEW\\s+(?:CONCURRENTLY\\s+)?([\\w.\"]+).*");
    private static final Pattern CALL = Pattern.compile("(?is)\\s*CALL\\s+([\\w.\"]+)\\s*\\(.*");
    private static final Set<String> EXPLAINABLE =
            Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "MERGE", "VALUES");

    private final JobRepository repository;
    private final PlatformTransactionManager transactions;
    private final JdbcTemplate jdbc;
    private final WatermarkStore watermarks;
    private final DeclarativeJobs jobs;
    private final Duration chunkLogRetention;
    private boolean checked;

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
        this.chunkLogRetention = chunkLogRetention;
    }

    @Override
    public synchronized Job create(String jobName) {
        if (!checked) {
            List<String> problems = problems();
            if (!problems.isEmpty()) {
                throw new InvalidConfigurationException(problems);
            }
            checked = true;
        }
        Definition definition = jobs.declared().get(jobName);
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
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        jobs.declared().forEach((name, definition) -> {
            String prefix = "scalepoc.jobs." + name;
            if (DeclarativeJobs.TABLE_SYNC.equals(definition.type())) {
                problems.addAll(check(prefix + ".table-sync", definition.tableSync()));
            } else if (DeclarativeJobs.SQL.equals(definition.type())) {
                problems.addAll(check(prefix + ".sql", definition.sql()));
            }
        });
        return problems;
    }

    private List<String> check(String prefix, TableSync sync) {
        List<String> problems = new ArrayList<>();
        Set<String> sourceColumns = columns(sync.source());
        Set<String> targetColumns = columns(sync.target());
        if (sourceColumns.isEmpty()) {
            problems.add(prefix + ".source: there is no table '" + sync.source() + "'");
        } else {
            for (String change : List.of("row_txid", "row_version")) {
                if (!sourceColumns.contains(change)) {
                    problems.add(prefix + ".source: table '" + sync.source() + "' has no change column '" + change
                            + "' (keep row_txid and row_version with the trigger source.track_row_change())");
                }
            }
            String keyExpression = sync.columns().get(sync.key()).trim();
            if (!sourceColumns.contains(keyExpression) || !uniqueColumn(sync.source(), keyExpression)) {
                problems.add(prefix + ".columns." + sync.key() + ": the key's expression '" + keyExpression
                        + "' must be a column of '" + sync.source()
                        + "' with a primary key or unique index of its own");
            }
        }
        if (targetColumns.isEmpty()) {
            problems.add(prefix + ".target: there is no table '" + sync.target() + "'");
        } else {
            List<String> needed = new ArrayList<>(sync.columns().keySet());
            needed.addAll(List.of("source_version", "synced_at"));
            for (String column : needed) {
                if (!targetColumns.contains(column)) {
                    problems.add(prefix + ".target: table '" + sync.target() + "' has no column '" + column + "'");
                }
            }
            if (!uniqueColumn(sync.target(), sync.key())) {
                problems.add(prefix + ".key: column '" + sync.key() + "' of '" + sync.target()
                        + "' needs a primary key or unique index of its own (the upsert's conflict target)");
            }
        }
        if (problems.isEmpty()) {
            explain(
                    SetBasedTableSync.chunkStatement(sync),
                    prefix + ".columns",
                    problems,
                    0L,
                    0L,
                    0L,
                    1,
                    "check",
                    "check",
                    0L,
                    0L,
                    "check");
        }
        return problems;
    }

    private List<String> check(String prefix, Sql sql) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < sql.statements().size(); i++) {
            String statement = sql.statements().get(i);
            String property = prefix + ".statements[" + i + "]";
            Matcher refresh = REFRESH.matcher(statement);
            Matcher call = CALL.matcher(statement);
            if (refresh.matches()) {
                Boolean view = jdbc.queryForObject(
                        "SELECT EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass(?) AND relkind = 'm')",
                        Boolean.class,
                        refresh.group(1));
                if (!Boolean.TRUE.equals(view)) {
                    problems.add(property + ": there is no materialized view '" + refresh.group(1) + "'");
                }
            } else if (call.matches()) {
                String name = call.group(1);
                Boolean procedure = jdbc.queryForObject(
                        """
                        SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                        WHERE p.prokind = 'p'
                                          AND (n.nspname || '.' || p.proname = ? OR (p.proname = ? AND n.nspname = ANY (current_schemas(false)))))
                        """,
                        Boolean.class,
                        name,
                        name);
                if (!Boolean.TRUE.equals(procedure)) {
                    problems.add(property + ": there is no procedure '" + name + "'");
                }
            } else if (EXPLAINABLE.contains(firstWord(statement))) {
                explain(statement, property, problems);
            }
        }
        return problems;
    }

    private void explain(String statement, String property, List<String> problems, Object... arguments) {
        try {
            jdbc.queryForList("EXPLAIN " + statement, arguments);
        } catch (DataAccessException e) {
            String message = e.getMostSpecificCause().getMessage();
            problems.add(property + ": PostgreSQL does not accept it: "
                    + (message == null
                            ? e.toString()
                            : message.lines().findFirst().orElse(message)));
        }
    }

    private Set<String> columns(String table) {
        return new TreeSet<>(jdbc.queryForList(
                "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped",
                String.class,
                table));
    }

    private boolean uniqueColumn(String table, String column) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                """
                SELECT EXISTS (SELECT 1 FROM pg_index i
                                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                                WHERE i.indrelid = to_regclass(?) AND i.indisunique AND i.indnkeyatts = 1
                                  AND i.indpred IS NULL AND a.attname = ?)
                """,
                Boolean.class,
                table,
                column));
    }

    private static String firstWord(String statement) {
        String trimmed = statement.stripLeading();
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        return trimmed.substring(0, end).toUpperCase(Locale.ROOT);
    }
}
