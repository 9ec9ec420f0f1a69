package io.scalepoc.control;

import java.util.Map;

/**
 * Pause and release state, cluster-wide, and whether triggers wait ({@link TriggerQueue} holds
 * them). Requests are written by whichever replica answers the API and carried out by the job's
 * owner, which {@link #takeRelease takes} (reads and clears) a release on its next tick, so it is
 * carried out once.
 */
public interface JobControlStore {

    JobControl get(String jobName);

    /** Every job that has control state; jobs missing here are not paused and have nothing requested. */
    Map<String, JobControl> all();

    /** @return false when the job was already paused */
    boolean pause(String jobName, String by, String reason);

    /** @return false when the job was not paused */
    boolean resume(String jobName, String by);

    void requestRelease(String jobName, String by);

    /** Clears a pending release request; true when there was one. */
    boolean takeRelease(String jobName);
}
