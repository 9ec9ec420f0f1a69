package io.scalepoc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The statements a {@code type: sql} job may not run, judged without a database. */
class SqlStatementRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "COMMIT",
                "commit work",
                "BEGIN",
                "START TRANSACTION",
                "END",
                "ROLLBACK",
                "abort",
                "SAVEPOINT s1",
                "RELEASE SAVEPOINT s1",
                "PREPARE TRANSACTION 'x'",
                "INSERT INTO t VALUES (1); COMMIT",
                "-- the nightly load\nCOMMIT",
                "/* tidy */ ROLLBACK"
            })
    void refusesTransactionControl(String statement) {
        assertThat(SqlStatementRules.problems("p", statement))
                .singleElement()
                .asString()
                .contains("ends or opens a transaction");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "SET search_path = reporting",
                "set session work_mem = '1GB'",
                "RESET ALL",
                "DISCARD ALL",
                "LISTEN changes",
                "PREPARE q AS SELECT 1",
                "CREATE TEMP TABLE scratch (n int)",
                "create temporary table scratch AS SELECT 1"
            })
    void refusesSessionChanges(String statement) {
        assertThat(SqlStatementRules.problems("p", statement))
                .singleElement()
                .asString()
                .contains("changes the session");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "VACUUM ANALYZE reporting.invoices",
                "CREATE INDEX CONCURRENTLY i ON t (n)",
                "create unique index concurrently i on t (n)",
                "DROP INDEX CONCURRENTLY i",
                "REINDEX TABLE CONCURRENTLY t",
                "CREATE DATABASE other",
                "ALTER SYSTEM SET work_mem = '1GB'",
                "CLUSTER"
            })
    void refusesStatementsThatCannotRunInATransaction(String statement) {
        assertThat(SqlStatementRules.problems("p", statement))
                .singleElement()
                .asString()
                .contains("cannot run inside a transaction block");
    }

    @Test
    void refusesClientCopiesAndDoBlocksThatCommit() {
        assertThat(SqlStatementRules.problems("p", "COPY t FROM STDIN")).hasSize(1);
        assertThat(SqlStatementRules.problems("p", "DO $$BEGIN INSERT INTO t VALUES (1); COMMIT; END$$"))
                .singleElement()
                .asString()
                .contains("inside a DO block");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.daily",
                "CALL reporting.rollup(1)",
                "SET LOCAL work_mem = '256MB'",
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
                "SET CONSTRAINTS ALL DEFERRED",
                "CREATE TEMP TABLE scratch (n int) ON COMMIT DROP",
                "INSERT INTO notes (text) VALUES ('COMMIT; then BEGIN again')",
                "INSERT INTO notes (text) VALUES ($q$VACUUM; SET x = 1$q$)",
                "UPDATE t SET n = n + 1 -- COMMIT later\n WHERE n > 0",
                "DELETE FROM t WHERE n < 0; ANALYZE t",
                "DO $$BEGIN PERFORM 1; END$$",
                "WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved"
            })
    void acceptsWhatRunsInsideTheStepsTransaction(String statement) {
        assertThat(SqlStatementRules.problems("p", statement)).isEmpty();
    }

    @Test
    void namesTheEntryAndEachOffendingStatementOfIt() {
        List<String> problems = SqlStatementRules.problems(
                "scalepoc.jobs.nightly.sql.statements[2]", "INSERT INTO t VALUES (1); COMMIT; VACUUM t");
        assertThat(problems)
                .containsExactly(
                        "scalepoc.jobs.nightly.sql.statements[2]: 'COMMIT' ends or opens a transaction: the runner runs"
                                + " the job's statements in one transaction and commits it after the epoch fence, so"
                                + " writes committed here would escape the fence",
                        "scalepoc.jobs.nightly.sql.statements[2]: 'VACUUM t' cannot run inside a transaction block, and"
                                + " the job's statements run in one transaction: run it outside scale-poc (or without"
                                + " CONCURRENTLY)");
    }
}
