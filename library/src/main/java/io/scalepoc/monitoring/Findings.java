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

    /** The same findings with each condition's message rewritten by {@code rewrite} (given key, message). */
    Findings withMessages(BiFunction<AlertKey, String, String> rewrite) {
        Map<AlertKey, String> rewritten = new LinkedHashMap<>(conditions);
        rewritten.replaceAll(rewrite);
        return new Findings(judged, rewritten);
    }
}
