package io.scalepoc.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} that runs nothing by itself: tasks wait for a test to move its
 * {@link SteppedClock} ({@link #advance}) and then run on the test's thread at their due time, in
 * order, with the clock set to that time — db-scheduler's {@code ManualScheduler} idea, for the
 * loops that schedule themselves (a job's tick loop, the claim loop). Single-threaded by design.
 */
public final class ManualScheduledExecutor extends AbstractExecutorService implements ScheduledExecutorService {

    private final SteppedClock clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>(
            Comparator.<Task<?>, Instant>comparing(task -> task.due).thenComparingLong(task -> task.sequence));
    private long sequence;
    private boolean shutdown;
    private int ran;

    public ManualScheduledExecutor(SteppedClock clock) {
        this.clock = clock;
    }

    /** Runs every task due now (including those they schedule for now). */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /**
     * Moves the clock forward by {@code duration}, running each task that falls due on the way at
     * its due time.
     */
    public void advance(Duration duration) {
        Instant target = clock.instant().plus(duration);
        while (true) {
            Task<?> next = queue.peek();
            if (next == null || next.due.isAfter(target)) {
                break;
            }
            queue.poll();
            if (next.isCancelled()) {
                continue;
            }
            if (next.due.isAfter(clock.instant())) {
                clock.step(Duration.between(clock.instant(), next.due));
            }
            ran++;
            next.run();
            if (next.fixedDelay != null && !next.isCancelled() && !shutdown) {
                next.due = clock.instant().plus(next.fixedDelay);
                next.sequence = sequence++;
                queue.add(next);
            }
        }
        if (target.isAfter(clock.instant())) {
            clock.step(Duration.between(clock.instant(), target));
        }
    }

    /** When the next task is due, if any waits. */
    public Optional<Instant> nextDue() {
        return queue.stream()
                .filter(task -> !task.isCancelled())
                .map(task -> task.due)
                .min(Comparator.naturalOrder());
    }

    /** How many tasks have run so far. */
    public int tasksRun() {
        return ran;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(callable(command), delay, unit, null);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(callable, delay, unit, null);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return enqueue(callable(command), initialDelay, unit, Duration.ofNanos(unit.toNanos(delay)));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return scheduleWithFixedDelay(command, initialDelay, period, unit); // tasks take no time on a stepped clock
    }

    @Override
    public void execute(Runnable command) {
        enqueue(callable(command), 0, TimeUnit.NANOSECONDS, null);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> pending = new ArrayList<>(queue);
        queue.clear();
        return pending;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private <V> Task<V> enqueue(Callable<V> body, long delay, TimeUnit unit, Duration fixedDelay) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task<V> task = new Task<>(body, clock.instant().plusNanos(unit.toNanos(Math.max(0, delay))), fixedDelay);
        task.sequence = sequence++;
        queue.add(task);
        return task;
    }

    private static Callable<Object> callable(Runnable command) {
        return () -> {
            command.run();
            return null;
        };
    }

    private final class Task<V> implements ScheduledFuture<V>, Runnable {

        private final Callable<V> body;
        private final Duration fixedDelay;
        private Instant due;
        private long sequence;
        private boolean cancelled;
        private boolean done;
        private V result;
        private Exception failure;

        Task(Callable<V> body, Instant due, Duration fixedDelay) {
            this.body = body;
            this.due = due;
            this.fixedDelay = fixedDelay;
        }

        @Override
        public void run() {
            try {
                result = body.call();
            } catch (Exception e) {
                failure = e;
                if (fixedDelay != null) {
                    cancelled = true; // as a ScheduledThreadPoolExecutor: a periodic task that throws stops
                }
            } finally {
                done = fixedDelay == null;
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() throws ExecutionException {
            if (failure != null) {
                throw new ExecutionException(failure);
            }
            if (!done) {
                throw new IllegalStateException("not run yet: advance the clock");
            }
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws ExecutionException {
            return get();
        }
    }
}
