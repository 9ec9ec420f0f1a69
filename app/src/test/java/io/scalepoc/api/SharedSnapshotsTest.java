package io.scalepoc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One answer per key and second, whoever asks, on a ticker the test moves. */
class SharedSnapshotsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger computed = new AtomicInteger();
    private final SharedSnapshots<String, Integer> snapshots = new SharedSnapshots<>(Duration.ofSeconds(1), nanos::get);

    @Test
    void sharesOneAnswerPerKeyUntilItIsASecondOld() {
        assertThat(snapshots.get("PT1H", computed::incrementAndGet)).isEqualTo(1);
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(snapshots.get("PT1H", computed::incrementAndGet)).isEqualTo(1);
        assertThat(snapshots.get("PT6H", computed::incrementAndGet))
                .as("another key")
                .isEqualTo(2);
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(snapshots.get("PT1H", computed::incrementAndGet))
                .as("a second old")
                .isEqualTo(3);
    }

    @Test
    void computesAfreshOnceCleared() {
        assertThat(snapshots.get("PT1H", computed::incrementAndGet)).isEqualTo(1);
        snapshots.clear();
        assertThat(snapshots.get("PT1H", computed::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void computesOnceForCallersArrivingTogether() throws Exception {
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
                    () -> snapshots.get("PT1H", () -> {
                        computing.countDown();
                        await(release);
                        return computed.incrementAndGet();
                    }),
                    callers);
            assertThat(computing.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Integer>> others = IntStream.range(0, 7)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> snapshots.get("PT1H", computed::incrementAndGet), callers))
                    .toList();
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            for (CompletableFuture<Integer> other : others) {
                assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            }
            assertThat(computed).hasValue(1);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void remembersABoundedNumberOfKeys() {
        for (int i = 0; i < SharedSnapshots.MAX_KEYS + 10; i++) {
            snapshots.get("window-" + i, computed::incrementAndGet);
        }
        assertThat(computed).hasValue(SharedSnapshots.MAX_KEYS + 10);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(snapshots.get("fresh", () -> -1)).as("stale keys make room").isEqualTo(-1);
        assertThat(snapshots.get("fresh", () -> -2)).isEqualTo(-1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
