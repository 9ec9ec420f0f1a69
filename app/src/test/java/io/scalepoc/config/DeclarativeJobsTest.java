package io.scalepoc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Declarative catalog entries as Boot binds them, and every problem visible without a database. */
class DeclarativeJobsTest {

    @Test
    void shouldBindDeclaredJobsInOrderAndLeaveJavaJobsAlone() {
        StandardEnvironment environment = environment(
                "scalepoc.jobs.java-job.fixed-delay",
                "10s",
                "scalepoc.jobs.invoices-sync.type",
                "table-sync",
                "scalepoc.jobs.invoices-sync.table-sync.source",
                "billing.invoices",
                "scalepoc.jobs.invoices-sync.table-sync.target",
                "datasync.invoices",
                "scalepoc.jobs.invoices-sync.table-sync.key",
                "id",
                "scalepoc.jobs.invoices-sync.table-sync.columns.id",
                "id",
                "scalepoc.jobs.invoices-sync.table-sync.columns.total",
                "total_cents / 100.0",
                "scalepoc.jobs.refresh.type",
                "SQL",
                "scalepoc.jobs.refresh.sql.statements[0]",
                "REFRESH MATERIALIZED VIEW reporting.daily",
                "scalepoc.jobs.refresh.sql.statement-timeout",
                "30s");

        DeclarativeJobs jobs = DeclarativeJobs.of(environment);

        assertThat(jobs.declared()).containsOnlyKeys("invoices-sync", "refresh");
        assertThat(jobs.declared().get("invoices-sync").tableSync().columns())
                .containsExactly(Map.entry("id", "id"), Map.entry("total", "total_cents / 100.0"));
        assertThat(jobs.declared().get("invoices-sync").tableSync().chunkSize()).isEqualTo(10000);
        assertThat(jobs.declared().get("refresh").type()).isEqualTo("sql");
        assertThat(jobs.problems()).isEmpty();
    }

    @Test
    void shouldListEveryProblemOfEveryDeclaredJob() {
        StandardEnvironment environment = environment(
                "scalepoc.jobs.odd.type",
                "spreadsheet",
                "scalepoc.jobs.sync.type",
                "table-sync",
                "scalepoc.jobs.sync.table-sync.source",
                "Billing.Invoices",
                "scalepoc.jobs.sync.table-sync.key",
                "number",
                "scalepoc.jobs.sync.table-sync.columns.id",
                "id; DROP TABLE x",
                "scalepoc.jobs.sync.table-sync.columns.synced_at",
                "now()",
                "scalepoc.jobs.sync.table-sync.chunk-size",
                "0",
                "scalepoc.jobs.empty.type",
                "sql",
                "scalepoc.jobs.empty.sql.statement-timeout",
                "0s");

        assertThat(DeclarativeJobs.of(environment).problems())
                .containsExactly(
                        "scalepoc.jobs.odd.type must be 'table-sync' or 'sql', but is 'spreadsheet'",
                        "scalepoc.jobs.sync.table-sync.source must be a table name such as schema.table, but is 'Billing.Invoices'",
                        "scalepoc.jobs.sync.table-sync.target must be a table name such as schema.table, but is 'null'",
                        "scalepoc.jobs.sync.table-sync.columns.id must be one SQL expression, without ';'",
                        "scalepoc.jobs.sync.table-sync.columns: 'synced_at' is written by the sync itself",
                        "scalepoc.jobs.sync.table-sync.key 'number' must be one of the columns [id, synced_at]",
                        "scalepoc.jobs.sync.table-sync.chunk-size must be 1 or more, but is 0",
                        "scalepoc.jobs.empty.sql.statements must list at least one SQL statement",
                        "scalepoc.jobs.empty.sql.statement-timeout must be positive, but is PT0S");
    }

    /** An environment with these properties in this order (Boot binds maps in the source's order). */
    private static StandardEnvironment environment(String... namesAndValues) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
