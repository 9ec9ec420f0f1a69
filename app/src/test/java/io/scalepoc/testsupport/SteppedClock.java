package io.scalepoc.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when a test steps it, for unit tests of decisions in time: the replica's
 * {@link Clock} and, through {@link #nanoTime()}, its monotonic clock.
 */
public final class SteppedClock extends Clock {

    private final Instant start;
    private volatile Instant now;

    public SteppedClock(Instant start) {
        this.start = start;
        this.now = start;
    }

    public void step(Duration duration) {
        now = now.plus(duration);
    }

    /** Nanoseconds since this clock's start, as {@code System.nanoTime} would count them. */
    public long nanoTime() {
        return Duration.between(start, now).toNanos();
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a stepped clock has one zone, UTC");
    }
}
