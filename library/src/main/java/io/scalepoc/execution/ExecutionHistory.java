package io.scalepoc.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What the Spring Batch metadata says about jobs, cluster-wide. */
public interface ExecutionHistory {

    /** End of the job's most recent finished execution, whichever replica ran it. */
    Optional<Instant> lastEnd(String jobName);

    /** End of the most recent finished execution of every job that has one. */
    Map<String, Instant> lastEnds();

    /** The job's most recent executions, newest first. */
    List<ExecutionSummary> recent(String jobName, int limit);

    /**
     * A page of the job's history, newest first: executions with an id below {@code beforeId} (all
     * when empty), at most {@code limit}, with rows read and written, the execution each restarted
     * and the trigger that started it.
     */
    List<ExecutionDetail> history(String jobName, OptionalLong beforeId, int limit);

    /** The most recent execution of every job that has one. */
    Map<String, ExecutionSummary> latest();

    /** The latest execution of {@code jobName} started by trigger {@code triggerId} (job parameter {@code trigger.id}). */
    Optional<ExecutionSummary> triggered(String jobName, long triggerId);

    /**
     * Every job's runs that ended at or after {@code from} (on PostgreSQL's clock) or are still
     * running, grouped per {@code resolution}-wide slot of their start ({@link RunGroup}), per job
     * in execution order.
     */
    List<RunGroup> runsSince(Instant from, Duration resolution);

    /** Every execution the metadata records as running (STARTING, STARTED, STOPPING), of any job. */
    List<ExecutionSummary> running();
}
