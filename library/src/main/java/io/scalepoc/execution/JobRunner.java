package io.scalepoc.execution;

import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.ownership.ReplicaIdentity;
import io.scalepoc.ownership.RunToken;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * identifying), so that the metadata says who ran what under which epoch.
 *
 * <p>What an execution's end means is decided by {@link Outcome}; where Spring Batch's record would
 * mislead (superseded, fenced, a failure's root cause), the execution is recorded FAILED with that
 * exit message. Which executions run here, and stopping them, is {@link LocalExecutions}'.
 *
 * <p>Restarting a recovered execution means launching with its {@code run.id} again: the same job
 * instance, a new execution carrying the new owner and epoch, resuming from the last committed chunk.
 */
public class JobRunner {

    /** Identifying job parameter: one per run; a restart launches the same {@code run.id} again. */
    public static final String RUN_ID = "run.id";

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobOperator operator;
    private final JobRepository repository;
    private final JobCatalog catalog;
    private final RunIdSequence runIds;
    private final EpochStore epochs;
    private final LocalExecutions local;
    private final String instanceId;
    private final List<ExecutionObserver> observers;

    public JobRunner(
            JobOperator operator,
            JobRepository repository,
            JobCatalog catalog,
            RunIdSequence runIds,
            EpochStore epochs,
            LocalExecutions local,
            ReplicaIdentity identity,
            List<ExecutionObserver> observers) {
        this.operator = operator;
        this.repository = repository;
        this.catalog = catalog;
        this.runIds = runIds;
        this.epochs = epochs;
        this.local = local;
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
        return run(job, restartRunId, Map.of()).execution();
    }

    /**
     * As {@link #run(OwnedJob, OptionalLong)}, with {@code extra} job parameters (not identifying:
     * a trigger's parameters and its {@code trigger.id}; values String, Long, Double or Boolean). A
     * restart carries over the parameters of the run it restarts, so a triggered run resumes with
     * what it was triggered with.
     */
    public RunResult run(OwnedJob job, OptionalLong restartRunId, Map<String, Object> extra) {
        if (!local.begin(job.name())) {
            return RunResult.notLaunched();
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
            RunToken token = new RunToken(job.name(), job.epoch(), instanceId);
            JobParametersBuilder builder = restart ? carriedOver(job.name(), runId) : new JobParametersBuilder();
            extra.forEach((name, value) -> add(builder, name, value));
            JobParameters parameters =
                    token.writeTo(builder.addLong(RUN_ID, runId)).toJobParameters();
            log.info(
                    "{} job '{}' run.id {} at epoch {}",
                    restart ? "Restarting" : "Starting",
                    job.name(),
                    runId,
                    job.epoch());
            JobExecution execution = operator.start(definition, parameters);
            OptionalLong currentEpoch =
                    Outcome.needsCurrentEpoch(execution) ? epochs.current(job.name()) : OptionalLong.empty();
            Outcome outcome = Outcome.classify(execution, token, currentEpoch);
            if (outcome.exitMessage().isPresent()) {
                execution = record(job, execution, outcome.exitMessage().get());
            }
            log.info(
                    "Job '{}' execution {} ended {} ({})",
                    job.name(),
                    execution.getId(),
                    execution.getStatus(),
                    execution.getExitStatus().getExitCode());
            observe(job.name(), execution);
            return RunResult.ended(execution);
        } catch (Exception e) {
            log.error("Could not run job '{}' (epoch {}): {}", job.name(), job.epoch(), e.toString(), e);
            return RunResult.failed(e.toString());
        } finally {
            local.end(job.name());
        }
    }

    /** The parameters of the latest execution of run {@code runId}, to restart it with. */
    private JobParametersBuilder carriedOver(String jobName, long runId) {
        JobExecution previous = repository.getLastJobExecution(
                jobName, new JobParametersBuilder().addLong(RUN_ID, runId).toJobParameters());
        return previous == null ? new JobParametersBuilder() : new JobParametersBuilder(previous.getJobParameters());
    }

    private static void add(JobParametersBuilder builder, String name, Object value) {
        if (value instanceof Long number) {
            builder.addLong(name, number, false);
        } else if (value instanceof Double number) {
            builder.addDouble(name, number, false);
        } else if (value instanceof Boolean flag) {
            builder.addJobParameter(name, flag, Boolean.class, false);
        } else {
            builder.addString(name, String.valueOf(value), false);
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
}
