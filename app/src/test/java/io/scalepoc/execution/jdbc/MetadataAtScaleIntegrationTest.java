package io.scalepoc.execution.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.monitoring.jdbc.JdbcAlertStore;
import io.scalepoc.monitoring.jdbc.JdbcSafetyAudit;
import io.scalepoc.ownership.jdbc.JdbcJobEvents;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.TestPostgres;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queries the monitors, the control API and the status page run every few seconds stay index
 * lookups on a large metadata: 1,000,000 job executions of 200 jobs (with their instances, three
 * parameters each, a step each and their PostgreSQL-clock rows), 100,000 job events (of half the
 * jobs), 100,000
 * acquisitions and 50,000 resolved alerts. The test runs
 * the real repository code over a connection that records every statement and its parameters, then
 * asks PostgreSQL for the plan of each (EXPLAIN, same parameters, after ANALYZE) and fails on a
 * sequential scan of any large table. The plans are printed (docs/benchmarks.md#scale). The bulk load
 * drops the secondary indexes and foreign keys and adds them back afterwards (one build or join each).
 */
class MetadataAtScaleIntegrationTest {

    private static final int EXECUTIONS = 1_000_000;
    private static final int JOBS = 200;
    private static final Set<String> LARGE_TABLES = Set.of(
            "batch_job_execution",
            "batch_job_instance",
            "batch_job_execution_params",
            "batch_step_execution",
            "execution_clock",
            "job_event",
            "job_epoch_history",
            "alert");

    private static JdbcTemplate jdbc;
    private static String url;

    @BeforeAll
    static void generateMetadata() {
        Cluster cluster = Cluster.create();
        jdbc = cluster.migrate();
        url = cluster.jdbcUrl();
        long started = System.nanoTime();
        // bulk load: the execution trigger's work (clock rows, job_latest) is done in bulk below instead,
        // and the secondary indexes (those that back no constraint) are built once afterwards, from
        // their own definitions, rather than row by row
        Map<String, String> secondaryIndexes = new LinkedHashMap<>(); // name -> definition
        jdbc.query(
                """
                SELECT quote_ident(i.schemaname) || '.' || quote_ident(i.indexname) AS name, i.indexdef
                  FROM pg_indexes i
                 WHERE i.schemaname = 'datasync'
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                    WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
                """,
                rs -> {
                    secondaryIndexes.put(rs.getString("name"), rs.getString("indexdef"));
                });
        secondaryIndexes.keySet().forEach(index -> jdbc.execute("DROP INDEX " + index));
        // and the foreign keys are checked once, by one join each when they are added back, rather than
        // by a trigger per row
        Map<String, String> foreignKeys = new LinkedHashMap<>(); // "table constraint" -> definition
        jdbc.query(
                """
                SELECT c.conrelid::regclass::text AS tab, quote_ident(c.conname) AS name,
                       pg_get_constraintdef(c.oid) AS definition
                  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                 WHERE n.nspname = 'datasync' AND c.contype = 'f'
                """,
                rs -> {
                    String table = rs.getString("tab");
                    String name = rs.getString("name");
                    jdbc.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
                    foreignKeys.put(
                            "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " ", rs.getString("definition"));
                });
        timed("ALTER TABLE datasync.batch_job_execution DISABLE TRIGGER record_execution_clock");
        timed(
                """
                INSERT INTO datasync.batch_job_instance (job_instance_id, version, job_name, job_key)
                SELECT g, 0, 'job-' || lpad((g %% %d)::text, 3, '0'), md5(g::text)
                  FROM generate_series(1, %d) g
                """
                        .formatted(JOBS, EXECUTIONS));
        // one execution every 2.6 s going back 30 days; the last one of each job still running
        timed(
                """
                INSERT INTO datasync.batch_job_execution (job_execution_id, version, job_instance_id, create_time,
                       start_time, end_time, status, exit_code, exit_message, last_updated)
                SELECT g, 2, g, t, t, CASE WHEN g > %1$d - %2$d THEN NULL ELSE t + interval '1 second' END,
                       CASE WHEN g > %1$d - %2$d THEN 'STARTED' WHEN g %% 97 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
                       CASE WHEN g > %1$d - %2$d THEN 'UNKNOWN' WHEN g %% 97 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
                       '', t
                  FROM (SELECT g, localtimestamp - (%1$d - g) * interval '2.6 seconds' AS t
                          FROM generate_series(1, %1$d) g) s
                """
                        .formatted(EXECUTIONS, JOBS));
        timed(
                """
                INSERT INTO datasync.batch_job_execution_params
                       (job_execution_id, parameter_name, parameter_type, parameter_value, identifying)
                SELECT g, p.name, p.type, CASE p.name WHEN 'owner' THEN 'replica-' || (g %% 5)
                                                      WHEN 'run.id' THEN g::text ELSE (g / 1000)::text END,
                       CASE p.name WHEN 'run.id' THEN 'Y' ELSE 'N' END
                  FROM generate_series(1, %d) g
                 CROSS JOIN (VALUES ('owner', 'java.lang.String'), ('run.id', 'java.lang.Long'),
                                    ('epoch', 'java.lang.Long')) p(name, type)
                """
                        .formatted(EXECUTIONS));
        timed(
                """
                INSERT INTO datasync.batch_step_execution (step_execution_id, version, step_name, job_execution_id,
                       create_time, start_time, end_time, status, commit_count, read_count, filter_count,
                       write_count, read_skip_count, write_skip_count, process_skip_count, rollback_count,
                       exit_code, exit_message, last_updated)
                SELECT e.job_execution_id, 2, 'step', e.job_execution_id, e.create_time, e.start_time, e.end_time,
                       e.status, 1, 10, 0, 10, 0, 0, 0, 0, e.exit_code, '', e.last_updated
                  FROM datasync.batch_job_execution e
                """);
        timed(
                """
                INSERT INTO datasync.execution_clock (job_execution_id, started_at, ended_at, job_name)
                SELECT e.job_execution_id, e.start_time, e.end_time, i.job_name
                  FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                """);
        timed(
                """
                INSERT INTO datasync.job_latest (job_name, latest_execution_id, last_end_at)
                SELECT i.job_name, max(e.job_execution_id), max(e.end_time)
                  FROM datasync.batch_job_execution e
                  JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                 GROUP BY i.job_name
                """);
        timed(
                """
                INSERT INTO datasync.job_event (job_name, at, type, replica, epoch, detail)
                SELECT 'job-' || lpad((g %% %d)::text, 3, '0'), clock_timestamp() - g * interval '26 seconds',
                       CASE WHEN g %% 2 = 0 THEN 'RELEASED' ELSE 'LOST' END, 'replica-' || (g %% 5), g, 'generated'
                  FROM generate_series(1, 100000) g
                """
                        .formatted(JOBS / 2));
        // 100,000 acquisitions (one every 26 s, the last before the test's window) and 50,000 resolved alerts
        timed(
                """
                INSERT INTO datasync.job_epoch_history (job_name, epoch, owner, acquired_at)
                SELECT 'job-' || lpad((g %% %d)::text, 3, '0'), g, 'replica-' || (g %% 5),
                       clock_timestamp() - interval '2 hours' - g * interval '26 seconds'
                  FROM generate_series(1, 100000) g
                """
                        .formatted(JOBS));
        timed(
                """
                INSERT INTO datasync.alert (type, job_name, replica, message, first_seen, last_seen, resolved_at,
                       resolved_by)
                SELECT 'STALE', 'job-' || lpad((g %% %d)::text, 3, '0'), 'replica-1', 'generated',
                       clock_timestamp() - g * interval '52 seconds', clock_timestamp() - g * interval '52 seconds',
                       clock_timestamp() - g * interval '52 seconds' + interval '10 seconds', 'replica-2'
                  FROM generate_series(1, 50000) g
                """
                        .formatted(JOBS));
        timed("ALTER TABLE datasync.batch_job_execution ENABLE TRIGGER record_execution_clock");
        secondaryIndexes.values().forEach(MetadataAtScaleIntegrationTest::timed);
        foreignKeys.forEach((alter, definition) -> timed(alter + definition));
        timed("ANALYZE");
        System.out.printf(
                "metadata at scale: %d executions of %d jobs generated and analysed in %.1f s%n",
                EXECUTIONS, JOBS, (System.nanoTime() - started) / 1e9);
    }

    /** Runs one statement of the bulk load and prints how long it took (where the set-up's time goes). */
    private static void timed(String sql) {
        long started = System.nanoTime();
        jdbc.execute(sql);
        System.out.printf(
                "metadata at scale: %.1f s for %s%n",
                (System.nanoTime() - started) / 1e9,
                sql.strip().lines().findFirst().orElse(""));
    }

    @Test
    void shouldPlanEveryRecurringQueryWithoutASequentialScanOfALargeTable() throws SQLException {
        Recorder recorder = new Recorder();
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.USER, TestPostgres.PASSWORD)) {
            SingleConnectionDataSource single = new SingleConnectionDataSource(recorder.wrap(connection), true);
            JdbcTemplate recording = new JdbcTemplate(single);
            JdbcSafetyAudit audit =
                    new JdbcSafetyAudit(recording, new TransactionTemplate(new DataSourceTransactionManager(single)));
            JdbcExecutionHistory history = new JdbcExecutionHistory(recording);
            JdbcJobEvents events = new JdbcJobEvents(recording);
            JdbcAlertStore alerts = new JdbcAlertStore(recording);
            Instant hourAgo = Instant.now().minus(Duration.ofHours(1));

            recorder.name("lastEnds (monitors, metrics, API)");
            assertThat(history.lastEnds()).hasSize(JOBS);
            recorder.name("lastEnd (every tick of a job)");
            assertThat(history.lastEnd("job-007")).isPresent();
            recorder.name("latest (API, status page)");
            assertThat(history.latest()).hasSize(JOBS);
            recorder.name("running (monitors, recovery)");
            assertThat(history.running()).hasSize(JOBS);
            recorder.name("recent (API)");
            assertThat(history.recent("job-007", 20)).hasSize(20);
            recorder.name("history (API, first page)");
            assertThat(history.history("job-007", OptionalLong.empty(), 50)).hasSize(50);
            recorder.name("history (API, a page far back)");
            assertThat(history.history("job-007", OptionalLong.of(EXECUTIONS / 2), 50))
                    .hasSize(50);
            recorder.name("triggered (control API)");
            assertThat(history.triggered("job-007", 42)).isEmpty();
            recorder.name("runsSince (status page timeline, 1 h)");
            assertThat(history.runsSince(hourAgo, Duration.ofHours(1).dividedBy(720)))
                    .isNotEmpty();
            recorder.name("story (API)");
            assertThat(events.story("job-007", 50)).isNotEmpty();
            recorder.name("events since (status page timeline)");
            assertThat(events.since(hourAgo, 500)).isNotEmpty();
            recorder.name("owners at (status page timeline)");
            // job-007 was released after its last acquisition; job-150 has no events, only acquisitions
            assertThat(events.ownersAt(hourAgo, List.of("job-007", "job-150"))).containsOnlyKeys("job-150");
            recorder.name("open alerts (monitors, API)");
            alerts.open();
            recorder.name("resolved alerts (API)");
            alerts.resolved(50);
            recorder.name("safety audit (monitors)");
            audit.audit("replica-1");
            recorder.name("safety holdings (monitors)");
            audit.holdings();
        }

        JdbcTemplate explain =
                new JdbcTemplate(new DriverManagerDataSource(url, TestPostgres.USER, TestPostgres.PASSWORD));
        Map<String, List<String>> sequentialScans = new LinkedHashMap<>();
        for (Recorded statement : recorder.statements) {
            String plan = String.join("\n", explain.execute((Connection connection) -> statement.explain(connection)));
            System.out.printf("== %s%n%s%n", statement.name(), plan);
            Matcher scans = Pattern.compile("Seq Scan on (\\w+)").matcher(plan);
            while (scans.find()) {
                if (LARGE_TABLES.contains(scans.group(1))) {
                    sequentialScans
                            .computeIfAbsent(statement.name(), name -> new ArrayList<>())
                            .add(scans.group(1));
                }
            }
        }
        assertThat(recorder.statements.stream().map(Recorded::name).distinct())
                .as("every call ran a statement")
                .containsExactlyElementsOf(recorder.names);
        assertThat(sequentialScans)
                .as("sequential scans of large tables, by query")
                .isEmpty();
    }

    /** One statement as the repository code ran it: its SQL and the setter calls that bound its parameters. */
    private record Recorded(String name, String sql, List<Object[]> setters) {

        List<String> explain(Connection connection) throws SQLException {
            List<String> plan = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("EXPLAIN " + sql)) {
                for (Object[] setter : setters) {
                    Method method = (Method) setter[0];
                    try {
                        method.invoke(statement, (Object[]) setter[1]);
                    } catch (ReflectiveOperationException e) {
                        throw new SQLException("replaying " + method.getName(), e);
                    }
                }
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        plan.add(rows.getString(1));
                    }
                }
            }
            return plan;
        }
    }

    /** Wraps a connection so that every statement prepared or run on it is recorded with its parameters. */
    private static final class Recorder {

        private final List<Recorded> statements = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private String name = "";

        void name(String name) {
            this.name = name;
            names.add(name);
        }

        Connection wrap(Connection connection) {
            return proxy(Connection.class, (proxy, method, args) -> {
                Object result = invoke(connection, method, args);
                if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                    Recorded recorded = new Recorded(name, sql, new ArrayList<>());
                    statements.add(recorded);
                    return proxy(PreparedStatement.class, recording((PreparedStatement) result, recorded));
                }
                if (method.getName().equals("createStatement")) {
                    Statement statement = (Statement) result;
                    return proxy(Statement.class, (p, m, a) -> {
                        if (m.getName().startsWith("execute") && a != null && a[0] instanceof String sql) {
                            statements.add(new Recorded(name, sql, List.of()));
                        }
                        return invoke(statement, m, a);
                    });
                }
                return result;
            });
        }

        private static InvocationHandler recording(PreparedStatement statement, Recorded recorded) {
            return (proxy, method, args) -> {
                if (method.getName().startsWith("set")
                        && args != null
                        && args.length >= 2
                        && args[0] instanceof Integer) {
                    recorded.setters().add(new Object[] {method, args});
                }
                return invoke(statement, method, args);
            };
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<T> type, InvocationHandler handler) {
            return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
        }
    }
}
