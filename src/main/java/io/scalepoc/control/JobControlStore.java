package io.scalepoc.control;

import java.util.Map;

/**
 * Pause / trigger / release state, cluster-wide. Requests are written by whichever replica answers
 * the API and carried out by the job's owner, which {@link #takeTrigger takes} (reads and clears)
 * them on its next tick, so each request is carried out once.
 */
public interface JobControlStore {

    JobControl get(String jobName);

    /** Every job that has control state; jobs missing here are not paused and have nothing requested. */
    Map<String, JobControl> all();

    /** @return false when the job was already paused */
    boolean pause(String jobName, String by, String reason);

    /** @return false when the job was not paused */
    boolean resume(String jobName, String by);

    void requestTrigger(String jobName, String by);

    void requestRelease(String jobName, String by);

    /** Clears a pending trigger request; true when there was one. */
    boolean takeTrigger(String jobName);

    /** Clears a pending release request; true when there was one. */
    boolean takeRelease(String jobName);
}
