package io.scalepoc.execution;

import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.ownership.OwnershipListener;
import io.scalepoc.ownership.ReplicaIdentity;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.launch.JobOperator;

/**
 * The executions running on this replica (at most one per job, launched by {@link JobRunner}), and
 * stopping them: when the lease of a job is lost or in danger, its execution here is asked to stop
 * at its next chunk boundary (the epoch fence rejects any chunk after a takeover in any case); at
 * shutdown every one is, and new launches are refused.
 */
public class LocalExecutions implements OwnershipListener {

    private static final Logger log = LoggerFactory.getLogger(LocalExecutions.class);
    private static final long STOP_REQUEST_INTERVAL_MILLIS = 500;

    private final StopRequests stopRequests;
    private final String instanceId;
    private final Set<String> runningLocally = ConcurrentHashMap.newKeySet();
    private final Object drainMonitor = new Object();
    private volatile boolean draining;

    public LocalExecutions(StopRequests stopRequests, ReplicaIdentity identity) {
        this.stopRequests = stopRequests;
        this.instanceId = identity.instanceId();
    }

    /** The job's lease is lost or in danger: ask its execution here to stop at its next chunk boundary. */
    @Override
    public void onLost(OwnedJob job) {
        askToStop(job.name());
    }

    /** Asks this replica's execution of the job, if one runs, again to stop; does not wait. */
    @Override
    public void askToStop(String jobName) {
        if (isRunningLocally(jobName)) {
            requestStop(jobName);
        }
    }

    public boolean isRunningLocally(String jobName) {
        return runningLocally.contains(jobName);
    }

    /**
     * Marks {@code jobName} as running here, unless it already is or this replica is draining.
     *
     * @return whether the caller may launch it (and must call {@link #end} afterwards)
     */
    boolean begin(String jobName) {
        return !draining && runningLocally.add(jobName);
    }

    /** The execution {@link #begin} allowed has ended. */
    void end(String jobName) {
        runningLocally.remove(jobName);
        synchronized (drainMonitor) {
            drainMonitor.notifyAll();
        }
    }

    /**
     * Refuses new launches, asks every local execution to stop at its next chunk boundary and waits
     * up to {@code timeout} for them to end.
     *
     * @return the jobs whose executions are still running when the timeout is reached
     */
    public Set<String> drain(Duration timeout) {
        draining = true;
        return stopAndAwait(job -> true, timeout);
    }

    /**
     * Asks the local executions of the jobs {@code which} accepts to stop and waits up to {@code
     * timeout} for them to end. Stop requests are repeated while waiting, because an execution may
     * be created just after the first request, and a request PostgreSQL did not take is tried again.
     *
     * @return those of them still running when the timeout is reached (or the wait is interrupted)
     */
    private Set<String> stopAndAwait(Predicate<String> which, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drainMonitor) {
            while (true) {
                Set<String> running = runningLocally.stream().filter(which).collect(Collectors.toSet());
                long remaining = deadline - System.nanoTime();
                if (running.isEmpty() || remaining <= 0) {
                    return running;
                }
                running.forEach(this::requestStop);
                try {
                    drainMonitor.wait(Math.max(
                            1, Math.min(TimeUnit.NANOSECONDS.toMillis(remaining), STOP_REQUEST_INTERVAL_MILLIS)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return runningLocally.stream().filter(which).collect(Collectors.toSet());
                }
            }
        }
    }

    /**
     * Marks this replica's running executions of the job STOPPING in the repository; the step sees
     * it when it records its next chunk and stops there, and the job then ends STOPPED with its real
     * end time. (Not {@link JobOperator#stop}: in Spring Batch 6 it stamps an end time at request
     * time, so the metadata would say STOPPED while the execution still runs, and an execution that
     * outlives the drain timeout would never be recovered.) Atomic ({@link StopRequests}): a request
     * that crosses the execution's own end leaves it as it ended. Never throws: a request PostgreSQL
     * does not take is logged, and callers ask again.
     */
    private void requestStop(String jobName) {
        try {
            for (long id : stopRequests.requestStop(jobName, instanceId)) {
                log.info("Asked job '{}' execution {} to stop at its next chunk boundary", jobName, id);
            }
        } catch (RuntimeException e) {
            log.warn("Could not ask job '{}' to stop (will retry): {}", jobName, e.toString());
        }
    }
}
