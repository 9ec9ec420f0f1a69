package io.scalepoc.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trigger's job parameters as JSON binds them, checked and typed; plain values. */
class TriggerParametersTest {

    @Test
    void shouldTypeStringsIntegersDecimalsAndBooleans() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("business.date", "2026-12-01");
        raw.put("limit", 500);
        raw.put("big", BigInteger.valueOf(Long.MAX_VALUE));
        raw.put("ratio", 0.5);
        raw.put("exact", new BigDecimal("1.25"));
        raw.put("dry-run", true);

        assertThat(TriggerParameters.of(raw))
                .containsExactly(
                        Map.entry("business.date", "2026-12-01"),
                        Map.entry("limit", 500L),
                        Map.entry("big", Long.MAX_VALUE),
                        Map.entry("ratio", 0.5),
                        Map.entry("exact", 1.25),
                        Map.entry("dry-run", true));
        assertThat(TriggerParameters.of(null)).isEmpty();
        assertThat(TriggerParameters.of(Map.of())).isEmpty();
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("run.id", 7);
        raw.put("epoch", 2);
        raw.put("owner", "me");
        raw.put("trigger.id", 1);
        raw.put("nested", Map.of("a", 1));
        raw.put("list", List.of(1));
        raw.put("nothing", null);
        raw.put("bad name", "x");
        raw.put("huge", BigInteger.TWO.pow(70));
        raw.put("long", "x".repeat(2501));
        raw.put("fine", "ok");

        assertThatThrownBy(() -> TriggerParameters.of(raw))
                .isInstanceOfSatisfying(InvalidTriggerException.class, e -> assertThat(e.problems())
                        .hasSize(10)
                        .anySatisfy(problem -> assertThat(problem).contains("'run.id' is reserved"))
                        .anySatisfy(problem ->
                                assertThat(problem).contains("'nested' must be").contains("an object"))
                        .anySatisfy(problem ->
                                assertThat(problem).contains("'list' must be").contains("an array"))
                        .anySatisfy(problem -> assertThat(problem)
                                .contains("'nothing' must be")
                                .contains("null"))
                        .anySatisfy(problem -> assertThat(problem).contains("'bad name' must be 1-100 letters"))
                        .anySatisfy(problem -> assertThat(problem).contains("'huge' must be"))
                        .anySatisfy(problem -> assertThat(problem).contains("'long' is longer than 2500")));
    }
}
