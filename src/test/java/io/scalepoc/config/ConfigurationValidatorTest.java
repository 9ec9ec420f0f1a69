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
}
