package io.scalepoc.support;

import java.time.Duration;

/**
 * A clock that follows a reference every replica shares (PostgreSQL's, in {@code support.jdbc}),
 * and what is known of this replica's wall clock against it. The replica's {@link java.time.Clock}
 * bean implements it; the monitors read the skew from it, never decide with it.
 */
public interface ReferenceClock {

    /**
     * Reads the reference again. Never throws.
     *
     * @return whether the reference answered
     */
    boolean synchronize();

    /** The reference minus this replica's wall clock at the last reading (zero before the first). */
    Duration skew();

    /** Whether the reference has been read at least once. */
    boolean isSynchronized();
}
