package io.scalepoc.etl.jdbc;

import io.scalepoc.config.DeclarativeJobs;
import io.scalepoc.config.DeclarativeJobs.Sql;
import io.scalepoc.config.DeclarativeJobs.TableSync;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The checks of declarative jobs against the database: tables and columns that do not exist,
 * missing change columns, a key that is not unique in the source or in the target, column
 * expressions PostgreSQL does not accept ({@code EXPLAIN} of the very chunk statement), statements
 * it does not accept ({@code EXPLAIN}, or the materialized view or procedure they name), and
 * procedures that commit. What can be judged without a database is judged in {@code config}
 * ({@code SqlStatementRules}, {@code DeclarativeJobs}).
 */
final class DeclarativeJobChecks {

    private static final Pattern REFRESH =
            Pattern.compile("(?is)\\s*REFRESH\\s+MATERIALIZED\\s+VIEW\\s+(?:CONCURRENTLY\\s+)?([\\w.\"]+).*");
    private static final Pattern CALL = Pattern.compile("(?is)\\s*CALL\\s+([\\w.\"]+)\\s*\\(.*");
    private static final Set<String> EXPLAINABLE =
            Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "MERGE", "VALUES");

    private final JdbcTemplate jdbc;

    DeclarativeJobChecks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every problem the database shows of the declarative jobs named in {@code names}. */
    List<String> problems(DeclarativeJobs jobs, Collection<String> names) {
        List<String> problems = new ArrayList<>();
        jobs.declared().forEach((name, definition) -> {
            if (!names.contains(name)) {
                return;
            }
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
                } else if (commits(name)) {
                    problems.add(property + ": procedure '" + name + "' commits or rolls back (its body says COMMIT"
                            + " or ROLLBACK): its writes would escape the epoch fence, and PostgreSQL refuses it inside"
                            + " the step's transaction; make it leave transaction control to the caller");
                }
            } else if (EXPLAINABLE.contains(firstWord(statement))) {
                explain(statement, property, problems);
            }
        }
        return problems;
    }

    /** Whether a procedure of that name has COMMIT or ROLLBACK in its body (comments and all: a cautious reading). */
    private boolean commits(String name) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                """
                SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                                WHERE p.prokind = 'p'
                                  AND (n.nspname || '.' || p.proname = ? OR (p.proname = ? AND n.nspname = ANY (current_schemas(false))))
                                  AND p.prosrc ~* '\\m(commit|rollback)\\M')
                """,
                Boolean.class,
                name,
                name));
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
