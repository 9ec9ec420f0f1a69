package io.scalepoc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Jobs defined in configuration alone, no Java: a catalog entry {@code scalepoc.jobs.<name>} with a
 * {@code type} gets its {@code Job} bean from scale-poc (the scheduling keys of the same entry are
 * {@link JobProperties}). Bound entry by entry ({@link CatalogEntryBinder}), before any bean exists,
 * by the job registrar and the configuration validator; checked here as far as that is possible
 * without a database ({@link #problems()}), against the database at start-up by the adapter.
 *
 * @param jobs every catalog entry's declarative part (entries without a {@code type} are Java jobs)
 */
public record DeclarativeJobs(Map<String, Definition> jobs) {

    public static final String TABLE_SYNC = "table-sync";
    public static final String SQL = "sql";

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");
    private static final Pattern COLUMN = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final List<String> RESERVED_TARGET_COLUMNS = List.of("source_version", "synced_at");

    public DeclarativeJobs {
        jobs = jobs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
    }

    /** The declarative part of {@code environment}'s catalog; empty when it cannot be bound (the validator reports why). */
    public static DeclarativeJobs of(Environment environment) {
        try {
            return bind(environment);
        } catch (RuntimeException e) {
            return new DeclarativeJobs(Map.of());
        }
    }

    /**
     * Binds the declarative part of {@code environment}'s catalog, entry by entry ({@link
     * CatalogEntryBinder}: linear in the catalog).
     *
     * @throws org.springframework.boot.context.properties.bind.BindException naming the property
     *     that cannot be bound
     */
    static DeclarativeJobs bind(Environment environment) {
        return new DeclarativeJobs(CatalogEntryBinder.bind(environment, Definition.class));
    }

    /** The entries that have a {@code type}, in configuration order. */
    public Map<String, Definition> declared() {
        Map<String, Definition> declared = new LinkedHashMap<>();
        jobs.forEach((name, definition) -> {
            if (definition.type() != null && !definition.type().isBlank()) {
                declared.put(name, definition);
            }
        });
        return declared;
    }

    /** Every problem of every declared job that can be seen without a database. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        declared().forEach((name, definition) -> problems.addAll(definition.problems("scalepoc.jobs." + name)));
        return problems;
    }

    /**
     * One job's definition.
     *
     * @param type {@value #TABLE_SYNC} or {@value #SQL}; none: a Java {@code Job} bean
     * @param tableSync the sync, for {@code type: table-sync}
     * @param sql the statements, for {@code type: sql}
     */
    public record Definition(String type, @DefaultValue TableSync tableSync, @DefaultValue Sql sql) {

        public Definition {
            type = type == null ? null : type.trim().toLowerCase(Locale.ROOT);
        }

        List<String> problems(String prefix) {
            if (TABLE_SYNC.equals(type)) {
                return tableSync.problems(prefix + ".table-sync");
            }
            if (SQL.equals(type)) {
                return sql.problems(prefix + ".sql");
            }
            return List.of(prefix + ".type must be '" + TABLE_SYNC + "' or '" + SQL + "', but is '" + type + "'");
        }
    }

    /**
     * An incremental sync from a source table to a target table in scale-poc's database, run inside
     * PostgreSQL chunk by chunk: each chunk reads, transforms (the column expressions), upserts,
     * moves the watermark and records itself in one statement and one fenced transaction.
     *
     * @param source schema-qualified source table, with the change columns {@code row_txid} and
     *     {@code row_version} (kept by the trigger {@code source.track_row_change()})
     * @param target schema-qualified target table, with {@code source_version} and {@code synced_at}
     *     and a unique key on {@code key}
     * @param key the target column that identifies a row (its expression must be a unique source column)
     * @param columns target column → SQL expression over the source row, evaluated by PostgreSQL
     * @param chunkSize rows per chunk (per statement and transaction); larger than the Java path's,
     *     as no row is held in the JVM and per-chunk costs are what keeps it from INSERT … SELECT
     */
    public record TableSync(
            String source,
            String target,
            String key,
            Map<String, String> columns,
            @DefaultValue("10000") int chunkSize) {

        public TableSync {
            columns = columns == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        }

        List<String> problems(String prefix) {
            List<String> problems = new ArrayList<>();
            requireTable(problems, prefix + ".source", source);
            requireTable(problems, prefix + ".target", target);
            if (columns.isEmpty()) {
                problems.add(prefix + ".columns must map at least one target column to a source expression");
            }
            columns.forEach((column, expression) -> {
                if (!COLUMN.matcher(column).matches()) {
                    problems.add(prefix + ".columns: '" + column + "' is not a plain lower-case column name");
                } else if (RESERVED_TARGET_COLUMNS.contains(column)) {
                    problems.add(prefix + ".columns: '" + column + "' is written by the sync itself");
                }
                if (expression == null || expression.isBlank()) {
                    problems.add(prefix + ".columns." + column + " must be an SQL expression");
                } else if (expression.contains(";")) {
                    problems.add(prefix + ".columns." + column + " must be one SQL expression, without ';'");
                }
            });
            if (key == null || key.isBlank()) {
                problems.add(prefix + ".key must name the target's key column");
            } else if (!columns.containsKey(key)) {
                problems.add(prefix + ".key '" + key + "' must be one of the columns " + columns.keySet());
            }
            if (chunkSize < 1) {
                problems.add(prefix + ".chunk-size must be 1 or more, but is " + chunkSize);
            }
            return problems;
        }

        private static void requireTable(List<String> problems, String property, String table) {
            if (table == null || !TABLE.matcher(table).matches()) {
                problems.add(property + " must be a table name such as schema.table, but is '" + table + "'");
            }
        }
    }

    /**
     * Statements run in order, in one transaction (fenced like every job's), each bounded by the
     * statement timeout.
     *
     * @param statements the SQL statements, e.g. {@code REFRESH MATERIALIZED VIEW …}, {@code CALL …},
     *     {@code INSERT … SELECT …}
     * @param statementTimeout how long each statement may run ({@code SET LOCAL statement_timeout})
     */
    public record Sql(List<String> statements, @DefaultValue("5m") Duration statementTimeout) {

        public Sql {
            statements = statements == null ? List.of() : List.copyOf(statements);
        }

        List<String> problems(String prefix) {
            List<String> problems = new ArrayList<>();
            if (statements.isEmpty()) {
                problems.add(prefix + ".statements must list at least one SQL statement");
            }
            for (int i = 0; i < statements.size(); i++) {
                String statement = statements.get(i);
                if (statement == null || statement.isBlank()) {
                    problems.add(prefix + ".statements[" + i + "] is empty");
                } else {
                    problems.addAll(SqlStatementRules.problems(prefix + ".statements[" + i + "]", statement));
                }
            }
            if (statementTimeout.isNegative() || statementTimeout.isZero()) {
                problems.add(prefix + ".statement-timeout must be positive, but is " + statementTimeout);
            }
            return problems;
        }
    }
}
