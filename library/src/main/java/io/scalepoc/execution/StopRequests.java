package io.scalepoc.execution;

import java.util.List;

/**
 * Asks running executions to stop at their next chunk boundary by marking them STOPPING in the job
 * repository, atomically: only an execution still recorded as starting or running is changed, so a
 * request that crosses the execution's own end can never turn a finished execution back into a
 * running one.
 */
public interface StopRequests {

    /**
     * Marks STOPPING every execution of {@code jobName} launched by {@code owner} that is still
     * STARTING or STARTED, with a new version so that the step notices at its next chunk.
     *
     * @return the ids of the executions marked
     */
    List<Long> requestStop(String jobName, String owner);
}
