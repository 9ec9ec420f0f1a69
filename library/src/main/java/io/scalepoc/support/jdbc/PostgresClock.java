package io.scalepoc.support.jdbc;

import io.scalepoc.support.ReferenceClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replica's clock: PostgreSQL's clock, as last read, advanced by this JVM's monotonic clock.
 * Every replica shares PostgreSQL, so every time a replica decides with — when a job is due, how
 * late it is, how long an execution has run — is on the same clock as the execution start and end
 * times PostgreSQL records ({@code datasync.execution_clock}), however wrong the replica's own wall
 * clock is; and a wall clock that jumps (an NTP step) changes nothing between two readings.
 *
 * <p>{@link #synchronize()} reads {@code clock_timestamp()} and takes the middle of the round trip
 * as the moment it was read; it also measures the <em>skew</em>: PostgreSQL's clock minus this
 * replica's wall clock, which is reported (CLOCK_SKEW) but never decides anything. If PostgreSQL
 * does not answer, the last reading goes on being advanced; before the first one, the wall clock
 * stands in.
 */
public class PostgresClock extends Clock implements ReferenceClock {

    private static final Logger log = LoggerFactory.getLogger(PostgresClock.class);

    private final JdbcTemplate jdbc;
    private final Supplier<Instant> wallClock;
    private final LongSupplier nanoTime;
    private volatile Reading reading;

    /** A PostgreSQL reading at {@code nanos} on the monotonic clock, and the wall clock's skew then. */
    private record Reading(Instant postgres, long nanos, Duration skew, boolean synchronized_) {}

    public PostgresClock(JdbcTemplate jdbc) {
        this(jdbc, Instant::now, System::nanoTime);
    }

    PostgresClock(JdbcTemplate jdbc, Supplier<Instant> wallClock, LongSupplier nanoTime) {
        this.jdbc = jdbc;
        this.wallClock = wallClock;
        this.nanoTime = nanoTime;
        this.reading = new Reading(wallClock.get(), nanoTime.getAsLong(), Duration.ZERO, false);
    }

    /** Reads PostgreSQL's clock. Never throws. */
    @Override
    public boolean synchronize() {
        try {
            long before = nanoTime.getAsLong();
            Instant wallBefore = wallClock.get();
            OffsetDateTime postgres = jdbc.queryForObject("SELECT clock_timestamp()", OffsetDateTime.class);
            long after = nanoTime.getAsLong();
            long halfTrip = (after - before) / 2;
            Instant wallThen = wallBefore.plusNanos(halfTrip);
            Instant postgresThen = postgres.toInstant();
            boolean first = !reading.synchronized_();
            reading = new Reading(postgresThen, before + halfTrip, Duration.between(wallThen, postgresThen), true);
            if (first) {
                log.info("Clock: PostgreSQL's clock is {} ahead of this replica's wall clock", skew());
            }
            return true;
        } catch (RuntimeException e) {
            log.debug("Could not read PostgreSQL's clock: {}", e.toString());
            return false;
        }
    }

    @Override
    public Duration skew() {
        return reading.skew();
    }

    @Override
    public boolean isSynchronized() {
        return reading.synchronized_();
    }

    @Override
    public Instant instant() {
        Reading current = reading;
        return current.postgres().plusNanos(nanoTime.getAsLong() - current.nanos());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        PostgresClock instants = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return instants.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return instants.withZone(other);
            }
        };
    }
}
