package io.scalepoc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

class ConfigurationValidatorTest {

    static ScalePocProperties bind(Environment environment) {
        return Binder.get(environment).bindOrCreate("scalepoc", ScalePocProperties.class);
    }

    @Test
    void shouldAcceptACatalogWhoseEveryEntryHasAJobBean() {
        MockEnvironment environment = new MockEnvironment().withProperty("scalepoc.jobs.export.fixed-delay", "10s");

        assertThat(ConfigurationValidator.problems(environment, Set.of("export", "unscheduled")))
                .isEmpty();
    }

    @Test
    void shouldCombinePropertyProblemsWithMissingJobBeans() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("scalepoc.tokens", "-1")
                .withProperty("scalepoc.jobs.export.fixed-delay", "10s");

        assertThat(ConfigurationValidator.problems(environment, Set.of()))
                .containsExactly(
                        "scalepoc.tokens must be 0 or more, but is -1",
                        "scalepoc.jobs.export: there is no Spring Batch Job bean named 'export' (Job beans: none)");
    }

    @Test
    void shouldReportAValueThatCannotBeBoundInsteadOfAStackTrace() {
        MockEnvironment environment = new MockEnvironment().withProperty("scalepoc.jobs.export.fixed-delay", "soon");

        assertThat(ConfigurationValidator.problems(environment, Set.of("export")))
                .singleElement()
                .asString()
                .startsWith("scalepoc.jobs.export.fixed-delay: cannot be bound: ")
                .contains("soon");
    }

    @Test
    void shouldRefuseAPoolTooSmallForTheRunsATokenBudgetAllowsPlusTheReplicasOwnConnections() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("scalepoc.tokens", "4")
                .withProperty("scalepoc.monitoring.global-monitors-enabled", "false")
                .withProperty("spring.datasource.hikari.maximum-pool-size", "6");
        for (String job : new String[] {"a", "b", "c", "d", "e"}) {
            environment.withProperty("scalepoc.jobs." + job + ".fixed-delay", "10s");
        }
        environment.withProperty("scalepoc.jobs.generator.weight", "0");
        Set<String> beans = Set.of("a", "b", "c", "d", "e", "generator");

        // four one-token jobs and the weightless generator may run at once: 5 + 3 of the replica's own
        assertThat(ConfigurationValidator.problems(environment, beans))
                .singleElement()
                .asString()
                .startsWith("spring.datasource.hikari.maximum-pool-size is 6, but this replica needs at least 8 "
                        + "connections: up to 5 runs at once");

        environment.withProperty("spring.datasource.hikari.maximum-pool-size", "8");
        assertThat(ConfigurationValidator.problems(environment, beans)).isEmpty();

        environment.withProperty("spring.datasource.hikari.maximum-pool-size", "5");
        environment.withProperty("scalepoc.max-concurrent-runs", "2");
        assertThat(ConfigurationValidator.problems(environment, beans))
                .as("bounded by max-concurrent-runs")
                .isEmpty();
    }

    @Test
    void shouldCountHikarisDefaultPoolWhenTheSizeIsNotSetAndSkipOtherPools() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("scalepoc.tokens", "8")
                .withProperty("scalepoc.monitoring.global-monitors-enabled", "false");
        for (int i = 0; i < 8; i++) {
            environment.withProperty("scalepoc.jobs.job-" + i + ".fixed-delay", "10s");
        }
        Set<String> beans = Set.of("job-0", "job-1", "job-2", "job-3", "job-4", "job-5", "job-6", "job-7");

        assertThat(ConfigurationValidator.problems(environment, beans))
                .singleElement()
                .asString()
                .startsWith("spring.datasource.hikari.maximum-pool-size is 10, but this replica needs at least 11");

        environment.withProperty("spring.datasource.type", "org.apache.commons.dbcp2.BasicDataSource");
        assertThat(ConfigurationValidator.problems(environment, beans)).isEmpty();
    }
}
