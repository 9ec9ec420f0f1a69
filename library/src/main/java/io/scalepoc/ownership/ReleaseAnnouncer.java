package io.scalepoc.ownership;

/**
 * Tells the other replicas that a lease was just released, so that one with free tokens sweeps at
 * once instead of at its next claim interval. Best effort: a lost announcement only delays the
 * adoption to the next regular sweep.
 */
public interface ReleaseAnnouncer {

    ReleaseAnnouncer NONE = jobName -> {};

    void announce(String jobName);
}
