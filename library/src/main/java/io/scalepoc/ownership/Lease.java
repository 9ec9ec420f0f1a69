package io.scalepoc.ownership;

/** A lease this replica acquired and keeps alive with heartbeats until it releases or loses it. */
public interface Lease {

    LeaseKey key();

    /**
     * Whether this replica still holds the lease: not released, and renewed within the lease
     * duration as measured on this replica's own monotonic clock. Never compares wall clocks.
     */
    boolean isHeld();

    /**
     * Whether the lease is gone for good from this replica's point of view: released, refused at a
     * heartbeat (somebody else holds it now), or not renewed for a whole lease on this replica's
     * monotonic clock (a peer may have taken it over). A lease that is not {@link #isHeld held} but
     * not lost either is <em>in danger</em>: its heartbeats are late, yet no peer can have taken it,
     * and if they succeed again it is renewed — so it must still be released deliberately.
     */
    boolean isLost();
}
