package io.scalepoc.control;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The triggers of every job, cluster-wide: each accepted trigger is its own entry, which the job's
 * owner {@link #takeNext takes} oldest first, one at a time, runs with its parameters and {@link
 * #ended ends}. Entries outlive their replicas: a trigger taken by an owner that died before its run
 * was recorded is {@link #requeueAbandoned put back} by the next owner, so it runs once; one whose run
 * was recorded is carried on by restarting that run (the restart carries its {@code trigger.id}).
 */
public interface TriggerQueue {

    /**
     * Accepts a trigger unless {@code maxPending} triggers of the job are already waiting.
     *
     * @return the trigger's id, which its run carries as the job parameter {@code trigger.id}; empty
     *     when the queue is full
     */
    OptionalLong enqueue(String jobName, String by, Map<String, Object> parameters, int maxPending);

    /** Takes the job's oldest waiting trigger for the owner of {@code epoch}; empty when none waits. */
    Optional<Trigger> takeNext(String jobName, long epoch);

    /** Puts a taken trigger back at its place in the queue: its run was not launched. */
    void putBack(long triggerId);

    /**
     * Ends a trigger with its run's {@code outcome} (a batch status, e.g. {@code COMPLETED} or
     * {@code FAILED}), {@code executionId} (empty when the launch itself failed) and {@code reason}
     * (the exit message of a failure, or null). A trigger whose run is restarted later ends again with
     * the restart's outcome.
     */
    void ended(long triggerId, String outcome, OptionalLong executionId, String reason);

    /**
     * Puts back every trigger of the job taken under an epoch before {@code epoch} whose run was never
     * recorded: its owner died between taking it and launching it.
     *
     * @return how many were put back
     */
    int requeueAbandoned(String jobName, long epoch);

    /** Trigger {@code triggerId} of the job, as stored; empty when the job has no such trigger. */
    Optional<TriggerRecord> find(String jobName, long triggerId);

    /** How many triggers of the job wait. */
    int pending(String jobName);
}
