package io.scalepoc.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * A loop of ticks on a scheduled executor: each tick returns when the next is due, and is scheduled
 * then. A tick that throws is logged (with the count of failures in a row) and retried after the
 * retry delay; the loop only ends when cancelled or when the executor is shut down.
 *
 * <p>{@link #wake()} moves the next tick to now; a wake during a tick makes the tick run again
 * straight after. At most one tick runs or waits at any time: {@code lock} guards {@code ticking},
 * {@code next} and {@code wakeRequested}.
 */
final class TickLoop {

    private static final Logger log = LoggerFactory.getLogger(TickLoop.class);

    private final String name;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Supplier<Instant> tick;
    private final Duration retryDelay;
    private final Object lock = new Object();
    private volatile boolean cancelled;
    private volatile boolean ticking;
    private volatile ScheduledFuture<?> next;
    private boolean wakeRequested;
    private int failuresInARow;

    /**
     * @param name what the loop runs, for the logs
     * @param tick one tick; returns when the next one is due
     * @param retryDelay how soon a tick that threw is tried again
     */
    TickLoop(String name, ScheduledExecutorService executor, Clock clock, Supplier<Instant> tick, Duration retryDelay) {
        this.name = name;
        this.executor = executor;
        this.clock = clock;
        this.tick = tick;
        this.retryDelay = retryDelay;
    }

    void start() {
        synchronized (lock) {
            scheduleAt(clock.instant());
        }
    }

    /** Runs the next tick now. */
    void wake() {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            if (ticking) {
                wakeRequested = true;
                return;
            }
            ScheduledFuture<?> future = next;
            if (future != null && !future.cancel(false)) {
                return; // the tick is starting this moment
            }
            scheduleAt(clock.instant());
        }
    }

    /**
     * Whether a tick is running or waiting. False once cancelled, or when a tick ended without
     * scheduling the next one (an Error, or the executor refused it).
     */
    boolean isAlive() {
        ScheduledFuture<?> future = next;
        return !cancelled && (ticking || (future != null && !future.isDone()));
    }

    void cancel() {
        cancelled = true;
        ScheduledFuture<?> future = next;
        if (future != null) {
            future.cancel(false);
        }
    }

    private void runTick() {
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            ticking = true;
            wakeRequested = false;
        }
        Instant nextTick = null;
        try {
            nextTick = tick.get();
            failuresInARow = 0;
        } catch (DataAccessException e) {
            failuresInARow++;
            log.warn(
                    "Tick of {} failed, PostgreSQL unavailable? Retrying in {} ({} in a row): {}",
                    name,
                    retryDelay,
                    failuresInARow,
                    e.getMostSpecificCause().toString());
            nextTick = clock.instant().plus(retryDelay);
        } catch (RuntimeException e) {
            failuresInARow++;
            log.error("Tick of {} failed; retrying in {} ({} in a row)", name, retryDelay, failuresInARow, e);
            nextTick = clock.instant().plus(retryDelay);
        } finally {
            synchronized (lock) {
                ticking = false;
                if (nextTick != null) {
                    scheduleAt(wakeRequested ? clock.instant() : nextTick);
                }
            }
        }
    }

    /** Called with {@code lock} held. */
    private void scheduleAt(Instant at) {
        if (cancelled) {
            return;
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        try {
            next = executor.schedule(this::runTick, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("{} ends: the scheduler is shut down", name);
        }
    }
}
