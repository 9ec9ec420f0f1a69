package io.scalepoc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The catalog bound entry by entry gives what Spring Boot's map binder gives for the same
 * sources: keys and their order, precedence between sources, placeholders, lists and maps, and a
 * binding error naming its property.
 */
class CatalogEntryBinderTest {

    @Test
    void shouldBindWhatSpringBootsMapBinderBinds() {
        StandardEnvironment environment = environment(
                Map.of(
                        "scalepoc.jobs.report.sql.statement-timeout", "30s",
                        "scalepoc.jobs.report.sql.statements[0]", "DELETE FROM t WHERE day < ${retention.day}",
                        "retention.day", "'2026-01-01'"),
                ordered(
                        "scalepoc.jobs.sync.type", "table-sync",
                        "scalepoc.jobs.sync.table-sync.source", "a.b",
                        "scalepoc.jobs.sync.table-sync.target", "c.d",
                        "scalepoc.jobs.sync.table-sync.key", "id",
                        "scalepoc.jobs.sync.table-sync.columns.id", "id",
                        "scalepoc.jobs.sync.table-sync.columns.name", "trim(name)",
                        "scalepoc.jobs.report.type", "sql",
                        "scalepoc.jobs.report.sql.statement-timeout", "5m",
                        "scalepoc.jobs.report.sql.statements[0]", "overridden by the first source",
                        "scalepoc.jobs.report.sql.statements[1]", "also replaced: a list comes whole from one source",
                        "scalepoc.jobs[java.job].fixed-delay", "5s"));

        DeclarativeJobs entryByEntry = DeclarativeJobs.bind(environment);
        DeclarativeJobs mapBinder = Binder.get(environment).bindOrCreate("scalepoc", DeclarativeJobs.class);

        assertThat(entryByEntry).isEqualTo(mapBinder);
        assertThat(entryByEntry.jobs().keySet())
                .containsExactlyElementsOf(mapBinder.jobs().keySet());
        assertThat(entryByEntry.jobs())
                .as("an entry with scheduling keys only has no declarative part, as with the map binder")
                .containsOnlyKeys("sync", "report");
        assertThat(entryByEntry.jobs().get("report").sql().statements())
                .containsExactly("DELETE FROM t WHERE day < '2026-01-01'");
        assertThat(entryByEntry.jobs().get("report").sql().statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(entryByEntry.jobs().get("sync").tableSync().columns())
                .containsExactly(Map.entry("id", "id"), Map.entry("name", "trim(name)"));
        assertThat(entryByEntry.declared()).containsOnlyKeys("sync", "report");
    }

    @Test
    void shouldNameThePropertyThatCannotBeBound() {
        StandardEnvironment environment = environment(Map.of(
                "scalepoc.jobs.report.type", "sql",
                "scalepoc.jobs.report.sql.statement-timeout", "soon"));

        BindException failure = catchThrowableOfType(BindException.class, () -> DeclarativeJobs.bind(environment));

        assertThat(failure.getName()).hasToString("scalepoc.jobs.report.sql.statement-timeout");
    }

    @SafeVarargs
    private static StandardEnvironment environment(Map<String, Object>... sources) {
        StandardEnvironment environment = new StandardEnvironment();
        for (int i = 0; i < sources.length; i++) {
            environment.getPropertySources().addLast(new MapPropertySource("source-" + i, sources[i]));
        }
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    private static Map<String, Object> ordered(String... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
