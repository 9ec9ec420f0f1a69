package io.scalepoc.control;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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

    /**
     * Records a trigger (replacing one still pending) with the job parameters it asks for.
     *
     * @return the trigger's id, which its run carries as the job parameter {@code trigger.id}
     */
    long requestTrigger(String jobName, String by, Map<String, Object> parameters);

    /** The id of the job's latest trigger request, taken or not; empty if it was never triggered. */
    OptionalLong lastTriggerId(String jobName);

    void requestRelease(String jobName, String by);

    /** Clears a pending trigger request and returns it; empty when there was none. */
    Optional<Trigger> takeTrigger(String jobName);

    /** Clears a pending release request; true when there was one. */
    boolean takeRelease(String jobName);
}
