package io.scalepoc.execution;

import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.ownership.OwnershipListener;
import io.scalepoc.ownership.ReplicaIdentity;
import io.scalepoc.ownership.RunToken;
import io.scalepoc.ownership.StaleEpochException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Launches owned jobs through {@link JobOperator} on the calling thread, with the job parameters
 * {@code run.id} (identifying) and the {@link RunToken} ({@code owner} and {@code epoch}, not
 * identifying), so that the metadata says who ran what under which epoch; and drains them at shutdown.
 *
 * <p>When the lease of a job is lost or in danger, its execution here is asked to stop at its next
 * chunk boundary (the epoch fence rejects any chunk after a takeover in any case).
 *
 * <p>Restarting a recovered execution means launching with its {@code run.id} again: the same job
 * instance, a new execution carrying the new owner and epoch, resuming from the last committed chunk.
 */
public class JobRunner implements OwnershipListener {

    /** Identifying job parameter: one per run; a restart launches the same {@code run.id} again. */
    public static final String RUN_ID = "run.id";

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final long STOP_REQUEST_INTERVAL_MILLIS = 500;

    private final JobOperator operator;
    private final JobRepository repository;
    private final JobCatalog catalog;
    private final RunIdSequence runIds;
    private final EpochStore epochs;
    private final StopRequests stopRequests;
    private final String instanceId;
    private final List<ExecutionObserver> observers;
    private final Set<String> runningLocally = ConcurrentHashMap.newKeySet();
    private final Object drainMonitor = new Object();
    private volatile boolean draining;

    public JobRunner(
            JobOperator operator,
            JobRepository repository,
            JobCatalog catalog,
            RunIdSequence runIds,
            EpochStore epochs,
            StopRequests stopRequests,
            ReplicaIdentity identity,
            List<ExecutionObserver> observers) {
        this.operator = operator;
        this.repository = repository;
        this.catalog = catalog;
        this.runIds = runIds;
        this.epochs = epochs;
        this.stopRequests = stopRequests;
        this.instanceId = identity.instanceId();
        this.observers = List.copyOf(observers);
    }

    /**
     * Runs {@code job} to its end on the calling thread.
     *
     * @param restartRunId the {@code run.id} of a recovered execution to restart, or empty for a new run
     * @return the execution, or empty when nothing was launched
     */
    public Optional<JobExecution> run(OwnedJob job, OptionalLong restartRunId) {
        if (draining || !runningLocally.add(job.name())) {
            return Optional.empty();
        }
        try {
            Job definition = catalog.job(job.name());
            boolean restart = restartRunId.isPresent() && definition.isRestartable();
            if (restartRunId.isPresent() && !restart) {
                log.info(
                        "Job '{}' is built with preventRestart(): starting a new run instead of restarting run.id {}",
                        job.name(),
                        restartRunId.getAsLong());
            }
            long runId = restart ? restartRunId.getAsLong() : runIds.next();
            JobParameters parameters = new RunToken(job.name(), job.epoch(), instanceId)
                    .writeTo(new JobParametersBuilder().addLong(RUN_ID, runId))
                    .toJobParameters();
            log.info(
                    "{} job '{}' run.id {} at epoch {}",
                    restart ? "Restarting" : "Starting",
                    job.name(),
                    runId,
                    job.epoch());
            JobExecution execution = operator.start(definition, parameters);
            if (execution.getStatus() == BatchStatus.UNKNOWN && supersededWhileRunning(job)) {
                execution = recordSuperseded(job, execution);
            } else if (execution.getStatus() == BatchStatus.FAILED) {
                Optional<StaleEpochException> fenced = fencedBy(execution);
                if (fenced.isPresent()) {
                    execution = record(job, execution, fenced.get().getMessage());
                } else {
                    Optional<String> cause = rootCause(execution);
                    if (cause.isPresent()) {
                        execution = record(job, execution, cause.get());
                    }
                }
            }
            log.info(
                    "Job '{}' execution {} ended {} ({})",
                    job.name(),
                    execution.getId(),
                    execution.getStatus(),
                    execution.getExitStatus().getExitCode());
            observe(job.name(), execution);
            return Optional.of(execution);
        } catch (Exception e) {
            log.error("Could not run job '{}' (epoch {}): {}", job.name(), job.epoch(), e.toString(), e);
            return Optional.empty();
        } finally {
            runningLocally.remove(job.name());
            synchronized (drainMonitor) {
                drainMonitor.notifyAll();
            }
        }
    }

    private void observe(String jobName, JobExecution execution) {
        for (ExecutionObserver observer : observers) {
            try {
                observer.ended(jobName, execution);
            } catch (RuntimeException e) {
                log.warn("Execution observer {} failed: {}", observer.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private boolean supersededWhileRunning(OwnedJob job) {
        OptionalLong current = epochs.current(job.name());
        return current.isPresent() && current.getAsLong() != job.epoch();
    }

    /**
     * The job was taken over while this execution ran: its chunk was rejected by the epoch fence,
     * and its final metadata update collided with the new owner's recovery of it (optimistic
     * locking), which Spring Batch records as UNKNOWN. Re-read it and record what happened.
     */
    private JobExecution recordSuperseded(OwnedJob job, JobExecution execution) {
        String reason = "Superseded: replica '" + instanceId + "' lost job '" + job.name() + "' at epoch " + job.epoch()
                + " to epoch " + epochs.current(job.name()).orElse(-1) + " while this execution ran"
                + " (lease expired, e.g. during a long pause); any chunk it tried to commit after that was rolled back"
                + " (by the epoch fence, or by PostgreSQL ending a chunk transaction that sat idle for a whole lease)";
        return record(job, execution, reason);
    }

    /** The epoch fence that failed a chunk of {@code execution}, if that is why it failed. */
    private static Optional<StaleEpochException> fencedBy(JobExecution execution) {
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof StaleEpochException fenced) {
                    return Optional.of(fenced);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * What made {@code execution} fail, for its exit message: the innermost cause of its first
     * failure. Spring Batch would record the outermost exception's stack trace cut at 2,500
     * characters, which usually ends before the cause; the step execution keeps the trace.
     */
    private static Optional<String> rootCause(JobExecution execution) {
        return execution.getAllFailureExceptions().stream().findFirst().map(failure -> {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return "Failed: " + root.getClass().getName() + ": " + root.getMessage()
                    + " (the step execution's exit message has the stack trace)";
        });
    }

    /**
     * Re-reads {@code execution} and records it as FAILED with {@code reason} as its exit message, so
     * the metadata says plainly what happened (the step keeps the stack trace).
     */
    private JobExecution record(OwnedJob job, JobExecution execution, String reason) {
        log.warn("Job '{}' execution {}: {}", job.name(), execution.getId(), reason);
        try {
            JobExecution stored = repository.getJobExecution(execution.getId());
            stored.setStatus(BatchStatus.FAILED);
            stored.setExitStatus(new ExitStatus(ExitStatus.FAILED.getExitCode(), reason));
            if (stored.getEndTime() == null) {
                stored.setEndTime(LocalDateTime.now());
            }
            repository.update(stored);
            return stored;
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record the outcome of job '{}' execution {}: {}",
                    job.name(),
                    execution.getId(),
                    e.toString());
            return execution;
        }
    }

    /** The job's lease is lost or in danger: ask its execution here to stop at its next chunk boundary. */
    @Override
    public void onLost(OwnedJob job) {
        if (isRunningLocally(job.name())) {
            requestStop(job.name());
        }
    }

    /** Waits up to {@code timeout} for this replica's execution of the job to end, asking it to stop meanwhile. */
    @Override
    public boolean awaitEnded(String jobName, Duration timeout) {
        return stopAndAwait(jobName::equals, timeout).isEmpty();
    }

    public boolean isRunningLocally(String jobName) {
        return runningLocally.contains(jobName);
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
