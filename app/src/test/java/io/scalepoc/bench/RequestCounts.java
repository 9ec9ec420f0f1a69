package io.scalepoc.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** DynamoDB requests counted by the SDK interceptor ({@code scalepoc.dynamodb.requests}) of several replicas. */
final class RequestCounts {

    private RequestCounts() {}

    /** Requests by operation, summed over {@code registries} and both outcomes. */
    static Map<String, Double> byOperation(Collection<MeterRegistry> registries) {
        Map<String, Double> counts = new TreeMap<>();
        for (MeterRegistry registry : registries) {
            for (Counter counter : registry.find("scalepoc.dynamodb.requests").counters()) {
                counts.merge(counter.getId().getTag("operation"), counter.count(), Double::sum);
            }
        }
        return counts;
    }

    /** {@code after − before} for every operation. */
    static Map<String, Double> difference(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> difference = new TreeMap<>();
        after.forEach((operation, count) -> difference.put(operation, count - before.getOrDefault(operation, 0.0)));
        return difference;
    }
}
