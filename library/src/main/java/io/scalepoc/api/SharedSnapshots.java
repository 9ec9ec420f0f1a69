package io.scalepoc.api;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers that every caller shares for {@code maxAge} per key: the first caller after that computes
 * the answer, callers of the same key meanwhile wait for it and get the same one, and callers of other
 * keys are not held up. Ages are measured on a monotonic ticker (nanoseconds), never a wall clock.
 * At most {@value #MAX_KEYS} keys are remembered; beyond them stale ones are forgotten first.
 */
final class SharedSnapshots<K, V> {

    static final int MAX_KEYS = 64;

    private final Duration maxAge;
    private final LongSupplier ticker;
    private final Map<K, Slot<V>> slots = new ConcurrentHashMap<>();

    SharedSnapshots(Duration maxAge, LongSupplier ticker) {
        this.maxAge = maxAge;
        this.ticker = ticker;
    }

    SharedSnapshots(Duration maxAge) {
        this(maxAge, System::nanoTime);
    }

    V get(K key, Supplier<V> compute) {
        if (slots.size() >= MAX_KEYS && !slots.containsKey(key)) {
            long now = ticker.getAsLong();
            slots.values().removeIf(slot -> slot.isStale(now, maxAge));
            if (slots.size() >= MAX_KEYS) {
                return compute.get(); // many distinct keys at once: answer without remembering
            }
        }
        Slot<V> slot = slots.computeIfAbsent(key, k -> new Slot<>());
        synchronized (slot) {
            long now = ticker.getAsLong();
            if (slot.value == null || slot.isStale(now, maxAge)) {
                slot.value = compute.get();
                slot.takenAt = now;
            }
            return slot.value;
        }
    }

    /** Forgets every answer: the next caller of each key computes a fresh one. */
    void clear() {
        slots.clear();
    }

    private static final class Slot<V> {
        private V value;
        private long takenAt;

        synchronized boolean isStale(long now, Duration maxAge) {
            return value == null || now - takenAt >= maxAge.toNanos();
        }
    }
}
