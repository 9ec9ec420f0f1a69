package io.scalepoc.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.scalepoc.config.InvalidConfigurationException;
import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Jobs from configuration alone, on a real replica: a declarative {@code table-sync} between a
 * team's own tables (transform as SQL expressions, incremental, audited, counted in the metadata)
 * and a declarative {@code sql} job (a materialized view refresh and an {@code INSERT … SELECT} in
 * one transaction). And a catalog of broken declarative jobs stops start-up listing every problem
 * the database shows.
 */
class DeclarativeJobsIntegrationTest {

    private static final String SYNC = "invoices-sync";
    private static final String REPORT = "report-refresh";
    private static final int ROWS = 2500;

    @Test
    void shouldSyncIncrementallyAndRunStatementsWithNoJavaCode() {
        Cluster cluster = Cluster.create();
        JdbcTemplate jdbc = migratedWithTeamTables(cluster);
        Replica.Builder builder = Replica.builder("declarative", cluster)
                .tokens(2)
                .onlyJobs("1h")
                .job(SYNC, "fixed-delay", "1s")
                .job(SYNC, "type", "table-sync")
                .job(SYNC, "table-sync.source", "billing.invoices")
                .job(SYNC, "table-sync.target", "reporting.invoices")
                .job(SYNC, "table-sync.key", "id")
                .job(SYNC, "table-sync.columns.id", "id")
                .job(SYNC, "table-sync.columns.number", "upper(number)")
                .job(SYNC, "table-sync.columns.total", "total_cents / 100.0")
                .job(SYNC, "table-sync.columns.customer", "trim(customer)")
                .job(SYNC, "table-sync.chunk-size", 1000)
                .job(REPORT, "fixed-delay", "1s")
                .job(REPORT, "type", "sql")
                .job(REPORT, "sql.statements[0]", "REFRESH MATERIALIZED VIEW reporting.totals")
                .job(
                        REPORT,
                        "sql.statements[1]",
                        "INSERT INTO reporting.refreshes (invoices) SELECT count(*) FROM reporting.invoices")
                .job(REPORT, "sql.statement-timeout", "10s");
        try (Replica replica = builder.start()) {
            BatchMetadata metadata = new BatchMetadata(jdbc);
            await().atMost(Duration.ofSeconds(30)).until(() -> mismatches(jdbc) == 0);
            Execution first = metadata.executions(SYNC).get(0);
            assertThat(first.status()).isEqualTo("COMPLETED");
            assertThat(first.readCount()).isEqualTo(ROWS);
            assertThat(first.writeCount()).isEqualTo(ROWS);
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM datasync.sync_chunk_log WHERE job_name = ? AND job_execution_id = ?",
                            Long.class,
                            SYNC,
                            first.id()))
                    .as("one audited chunk per 1,000 rows")
                    .isEqualTo(3);

            jdbc.update("UPDATE billing.invoices SET total_cents = total_cents + 1 WHERE id <= 10");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> mismatches(jdbc) == 0
                            && metadata.executions(SYNC).stream().anyMatch(e -> e.readCount() == 10));
            assertThat(metadata.executions(SYNC))
                    .as("every run after the first reads only what changed")
                    .allSatisfy(e -> assertThat(e.readCount()).isIn((long) ROWS, 10L, 0L));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.queryForObject(
                                    "SELECT count(*) FROM reporting.refreshes WHERE invoices = ?", Long.class, ROWS)
                            > 0);
            assertThat(jdbc.queryForObject("SELECT sum(total) FROM reporting.totals", Double.class))
                    .isPositive();
            assertThat(metadata.executions(REPORT))
                    .allSatisfy(e -> assertThat(e.status()).isEqualTo("COMPLETED"));
            assertThat(new Api(replica.port()).get("/api/jobs/" + SYNC).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldStopStartUpListingEveryProblemTheDatabaseShows() {
        Cluster cluster = Cluster.create();
        migratedWithTeamTables(cluster);
        Replica.Builder builder = Replica.builder("broken", cluster)
                .tokens(2)
                .onlyJobs("1h")
                .job("no-source", "type", "table-sync")
                .job("no-source", "table-sync.source", "billing.missing")
                .job("no-source", "table-sync.target", "reporting.invoices")
                .job("no-source", "table-sync.key", "id")
                .job("no-source", "table-sync.columns.id", "id")
                .job("bad-expression", "type", "table-sync")
                .job("bad-expression", "table-sync.source", "billing.invoices")
                .job("bad-expression", "table-sync.target", "reporting.invoices")
                .job("bad-expression", "table-sync.key", "id")
                .job("bad-expression", "table-sync.columns.id", "id")
                .job("bad-expression", "table-sync.columns.number", "no_such_column || 'x'")
                .job("not-unique", "type", "table-sync")
                .job("not-unique", "table-sync.source", "billing.invoices")
                .job("not-unique", "table-sync.target", "reporting.refreshes")
                .job("not-unique", "table-sync.key", "invoices")
                .job("not-unique", "table-sync.columns.invoices", "total_cents")
                .job("bad-sql", "type", "sql")
                .job("bad-sql", "sql.statements[0]", "REFRESH MATERIALIZED VIEW reporting.nothing")
                .job("bad-sql", "sql.statements[1]", "CALL reporting.no_procedure()")
                .job(
                        "bad-sql",
                        "sql.statements[2]",
                        "INSERT INTO reporting.refreshes (invoices) SELECT count(*) FROM nowhere");

        Throwable failure = catchThrowable(builder::start);

        InvalidConfigurationException invalid = cause(failure);
        assertThat(invalid.problems())
                .containsExactlyInAnyOrder(
                        "scalepoc.jobs.no-source.table-sync.source: there is no table 'billing.missing'",
                        "scalepoc.jobs.bad-expression.table-sync.columns: PostgreSQL does not accept it: ERROR: column \"no_such_column\" does not exist",
                        "scalepoc.jobs.not-unique.table-sync.columns.invoices: the key's expression 'total_cents' must be a column of 'billing.invoices' with a primary key or unique index of its own",
                        "scalepoc.jobs.not-unique.table-sync.target: table 'reporting.refreshes' has no column 'source_version'",
                        "scalepoc.jobs.not-unique.table-sync.target: table 'reporting.refreshes' has no column 'synced_at'",
                        "scalepoc.jobs.not-unique.table-sync.key: column 'invoices' of 'reporting.refreshes' needs a primary key or unique index of its own (the upsert's conflict target)",
                        "scalepoc.jobs.bad-sql.sql.statements[0]: there is no materialized view 'reporting.nothing'",
                        "scalepoc.jobs.bad-sql.sql.statements[1]: there is no procedure 'reporting.no_procedure'",
                        "scalepoc.jobs.bad-sql.sql.statements[2]: PostgreSQL does not accept it: ERROR: relation \"nowhere\" does not exist");
    }

    @Test
    void shouldReportFaultsFoundWithoutAndWithTheDatabaseInOneStartUpReport() {
        Cluster cluster = Cluster.create();
        migratedWithTeamTables(cluster)
                .execute(
                        """
                        CREATE PROCEDURE reporting.commits() LANGUAGE plpgsql AS $$
                        BEGIN
                            INSERT INTO reporting.refreshes (invoices) VALUES (0);
                            COMMIT;
                        END $$
                        """);
        Replica.Builder builder = Replica.builder("broken-twice", cluster)
                .tokens(2)
                .onlyJobs("1h")
                .job("late", "type", "sql")
                .job("late", "cron", "0 61 * * * *")
                .job("late", "sql.statements[0]", "REFRESH MATERIALIZED VIEW reporting.totals")
                .job("escaping", "type", "sql")
                .job("escaping", "sql.statements[0]", "INSERT INTO reporting.refreshes (invoices) VALUES (1); COMMIT")
                .job("missing", "type", "sql")
                .job("missing", "sql.statements[0]", "INSERT INTO reporting.refreshes (invoices) SELECT 1 FROM nowhere")
                .job("committing", "type", "sql")
                .job("committing", "sql.statements[0]", "CALL reporting.commits()");

        InvalidConfigurationException invalid = cause(catchThrowable(builder::start));

        assertThat(invalid.problems())
                .hasSize(4)
                .anySatisfy(problem -> assertThat(problem).startsWith("scalepoc.jobs.late.cron"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("scalepoc.jobs.escaping.sql.statements[0]: 'COMMIT' ends or opens a transaction"))
                .contains("scalepoc.jobs.missing.sql.statements[0]: PostgreSQL does not accept it: ERROR: relation"
                        + " \"nowhere\" does not exist")
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("scalepoc.jobs.committing.sql.statements[0]: procedure 'reporting.commits'"
                                + " commits or rolls back"));
    }

    @Test
    void shouldRefuseADeclarativeJobNamedLikeAJavaJob() {
        Throwable failure = catchThrowable(() -> Replica.builder("clash", Cluster.create())
                .tokens(2)
                .job("customers-sync", "type", "sql")
                .job("customers-sync", "sql.statements[0]", "SELECT 1")
                .start());

        assertThat(cause(failure).problems())
                .containsExactly("scalepoc.jobs.customers-sync has a type, but a Java Job bean named 'customers-sync'"
                        + " exists too: remove the type (or rename one of them)");
    }

    /** The database migrated as a replica would, plus a team's own source and target tables. */
    private static JdbcTemplate migratedWithTeamTables(Cluster cluster) {
        JdbcTemplate jdbc = cluster.migrate();
        jdbc.execute(
                """
                CREATE SCHEMA billing;
                CREATE TABLE billing.invoices (
                    id          BIGINT PRIMARY KEY,
                    number      TEXT   NOT NULL,
                    total_cents BIGINT NOT NULL,
                    customer    TEXT   NOT NULL,
                    row_txid    BIGINT NOT NULL DEFAULT 0,
                    row_version BIGINT NOT NULL DEFAULT 0);
                CREATE TRIGGER invoices_track BEFORE INSERT OR UPDATE ON billing.invoices
                    FOR EACH ROW EXECUTE FUNCTION datasync.track_row_change();
                CREATE INDEX invoices_change_idx ON billing.invoices (row_txid, row_version);
                CREATE SCHEMA reporting;
                CREATE TABLE reporting.invoices (
                    id             BIGINT PRIMARY KEY,
                    number         TEXT          NOT NULL,
                    total          NUMERIC(14,2) NOT NULL,
                    customer       TEXT          NOT NULL,
                    source_version BIGINT        NOT NULL,
                    synced_at      TIMESTAMPTZ   NOT NULL);
                CREATE MATERIALIZED VIEW reporting.totals AS
                    SELECT customer, sum(total) AS total FROM reporting.invoices GROUP BY customer;
                CREATE TABLE reporting.refreshes (at TIMESTAMPTZ NOT NULL DEFAULT now(), invoices BIGINT NOT NULL);
                """);
        jdbc.update(
                "INSERT INTO billing.invoices (id, number, total_cents, customer)"
                        + " SELECT n, 'inv-' || n, n * 100 + 5, '  customer ' || (n % 7) || ' ' FROM generate_series(1, ?) AS n",
                ROWS);
        return jdbc;
    }

    private static long mismatches(JdbcTemplate jdbc) {
        return jdbc.queryForObject(
                """
                SELECT count(*) FROM billing.invoices s FULL JOIN reporting.invoices t ON t.id = s.id
                 WHERE t.id IS NULL OR s.id IS NULL OR t.source_version <> s.row_version
                    OR t.number <> upper(s.number) OR t.total <> s.total_cents / 100.0 OR t.customer <> trim(s.customer)
                """,
                Long.class);
    }

    private static InvalidConfigurationException cause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidConfigurationException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("not an invalid configuration", failure);
    }
}
