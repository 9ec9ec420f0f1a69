package io.scalepoc.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.testsupport.ManualScheduledExecutor;
import io.scalepoc.testsupport.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** The tick loop on a stepped clock: when ticks run, waking, failures and cancelling. */
class TickLoopTest {

    private static final Duration RETRY = Duration.ofSeconds(5);

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final ManualScheduledExecutor executor = new ManualScheduledExecutor(clock);
    private final List<Instant> ticks = new ArrayList<>();

    @Test
    void shouldTickAtOnceAndThenWhenEachTickSaysTheNextIsDue() {
        TickLoop loop = loop(every(Duration.ofSeconds(10)));

        loop.start();
        executor.runDue();
        executor.advance(Duration.ofSeconds(9));
        assertThat(ticks).hasSize(1);
        executor.advance(Duration.ofSeconds(1));
        executor.advance(Duration.ofSeconds(25));

        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        assertThat(ticks).containsExactly(start, start.plusSeconds(10), start.plusSeconds(20), start.plusSeconds(30));
        assertThat(loop.isAlive()).isTrue();
    }

    @Test
    void shouldTickAtOnceWhenWokenWhileWaiting() {
        TickLoop loop = loop(every(Duration.ofMinutes(5)));
        loop.start();
        executor.runDue();
        executor.advance(Duration.ofSeconds(3));

        loop.wake();
        executor.runDue();

        assertThat(ticks).hasSize(2);
        assertThat(ticks.get(1)).isEqualTo(ticks.get(0).plusSeconds(3));
        assertThat(executor.nextDue()).contains(ticks.get(1).plus(Duration.ofMinutes(5)));
    }

    @Test
    void shouldTickAgainStraightAfterATickDuringWhichItWasWoken() {
        TickLoop[] loop = new TickLoop[1];
        loop[0] = loop(() -> {
            ticks.add(clock.instant());
            if (ticks.size() == 1) {
                loop[0].wake(); // a control change arrives while the tick runs
            }
            return clock.instant().plus(Duration.ofMinutes(5));
        });

        loop[0].start();
        executor.runDue();

        assertThat(ticks).hasSize(2);
    }

    @Test
    void shouldRetryATickThatFailsAfterTheRetryDelayAndGoOn() {
        int[] calls = {0};
        TickLoop loop = loop(() -> {
            ticks.add(clock.instant());
            calls[0]++;
            if (calls[0] == 1) {
                throw new DataAccessResourceFailureException("PostgreSQL unavailable");
            }
            if (calls[0] == 2) {
                throw new IllegalStateException("a bug");
            }
            return clock.instant().plus(Duration.ofMinutes(1));
        });

        loop.start();
        executor.advance(RETRY.multipliedBy(2));

        Instant start = Instant.parse("2026-12-02T10:00:00Z");
        assertThat(ticks).containsExactly(start, start.plus(RETRY), start.plus(RETRY.multipliedBy(2)));
        assertThat(loop.isAlive()).isTrue();
        assertThat(executor.nextDue())
                .contains(start.plus(RETRY.multipliedBy(2)).plus(Duration.ofMinutes(1)));
    }

    @Test
    void shouldStopTickingOnceCancelled() {
        TickLoop loop = loop(every(Duration.ofSeconds(10)));
        loop.start();
        executor.runDue();

        loop.cancel();
        loop.wake();
        executor.advance(Duration.ofMinutes(1));

        assertThat(ticks).hasSize(1);
        assertThat(loop.isAlive()).isFalse();
    }

    @Test
    void shouldNotBeAliveOnceTheExecutorRefusesTheNextTick() {
        TickLoop loop = loop(every(Duration.ofSeconds(10)));
        loop.start();
        executor.runDue();
        executor.shutdown();

        executor.advance(Duration.ofSeconds(10));

        assertThat(ticks).hasSize(2);
        assertThat(loop.isAlive())
                .as("the tick after the shutdown could not be scheduled")
                .isFalse();
    }

    private TickLoop loop(Supplier<Instant> tick) {
        return new TickLoop("job 'test'", executor, clock, tick, RETRY);
    }

    private Supplier<Instant> every(Duration delay) {
        return () -> {
            ticks.add(clock.instant());
            return clock.instant().plus(delay);
        };
    }
}
