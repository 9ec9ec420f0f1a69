package io.scalepoc.monitoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What checks found: the alert keys they could judge, and the conditions that hold among them.
 * A judged key without a condition resolves its alert; a key not judged leaves its alert as it is.
 *
 * @param judged every key the checks could decide (each condition's key among them)
 * @param conditions the conditions that hold, with the message for the operator
 */
record Findings(Set<AlertKey> judged, Map<AlertKey, String> conditions) {

    static final Findings NONE = new Findings(Set.of(), Map.of());

    Findings {
        Set<AlertKey> keys = new LinkedHashSet<>(judged);
        keys.addAll(conditions.keySet());
        judged = Collections.unmodifiableSet(keys);
        conditions = Collections.unmodifiableMap(new LinkedHashMap<>(conditions));
    }

    /** Judged {@code keys}, and none of them holds. */
    static Findings judged(Set<AlertKey> keys) {
        return new Findings(keys, Map.of());
    }

    Findings plus(Findings other) {
        Set<AlertKey> keys = new LinkedHashSet<>(judged);
        keys.addAll(other.judged);
        Map<AlertKey, String> all = new LinkedHashMap<>(conditions);
        all.putAll(other.conditions);
        return new Findings(keys, all);
    }

    Findings plus(Condition condition) {
        Map<AlertKey, String> all = new LinkedHashMap<>(conditions);
        all.put(condition.key(), condition.message());
        return new Findings(judged, all);
    }

    /** These findings without the keys {@code withheld} matches: neither judged nor holding. */
    Findings without(Predicate<AlertKey> withheld) {
        Set<AlertKey> keys = new LinkedHashSet<>(judged);
        keys.removeIf(withheld);
        Map<AlertKey, String> kept = new LinkedHashMap<>(conditions);
        kept.keySet().removeIf(withheld);
        return new Findings(keys, kept);
    }

    /**
     * Collects findings one key or condition at a time, for checks that go through every job: each
     * {@link #plus} copies what it adds to, so a loop of them would copy the catalog once per job.
     */
    static final class Builder {

        private final Set<AlertKey> judged = new LinkedHashSet<>();
        private final Map<AlertKey, String> conditions = new LinkedHashMap<>();

        Builder judge(AlertKey key) {
            judged.add(key);
            return this;
        }

        /** As {@link Findings#plus(Condition)}: the condition holds (and its key is judged). */
        Builder hold(Condition condition) {
            judged.add(condition.key());
            conditions.put(condition.key(), condition.message());
            return this;
        }

        /** As {@link Findings#plus(Findings)}. */
        Builder add(Findings findings) {
            judged.addAll(findings.judged);
            conditions.putAll(findings.conditions);
            return this;
        }

        Findings build() {
            return new Findings(judged, conditions);
        }
    }

    /** The same findings with each condition's message rewritten by {@code rewrite} (given key, message). */
    Findings withMessages(BiFunction<AlertKey, String, String> rewrite) {
        Map<AlertKey, String> rewritten = new LinkedHashMap<>(conditions);
        rewritten.replaceAll(rewrite);
        return new Findings(judged, rewritten);
    }
}
