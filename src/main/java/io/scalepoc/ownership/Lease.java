package io.scalepoc.ownership;

/** A lease this replica acquired and keeps alive with heartbeats until it releases or loses it. */
public interface Lease {

    LeaseKey key();

    /**
     * Whether this replica still holds the lease: not released, and renewed within the lease
     * duration as measured on this replica's own monotonic clock. Never compares wall clocks.
     */
    boolean isHeld();
}
