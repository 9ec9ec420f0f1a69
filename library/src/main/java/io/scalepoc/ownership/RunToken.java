package io.scalepoc.ownership;

import java.util.Optional;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;

/**
 * Under which ownership an execution runs: its job, the job's epoch when it was launched (the
 * fencing token) and the replica that launched it. It travels as the execution's job parameters
 * {@value #OWNER} and {@value #EPOCH} (not identifying), so the metadata says who ran what under
 * which epoch. {@link #writeTo} puts it there at launch; {@link #of} and {@link #current()} read it
 * back. A job that writes outside its step's transaction (another database, an HTTP call) can use
 * it as an idempotency key.
 */
public record RunToken(String job, long epoch, String owner) {

    /** Job parameter naming the replica that launched the execution. */
    public static final String OWNER = "owner";
    /** Job parameter holding the job's epoch at launch. */
    public static final String EPOCH = "epoch";

    /** Adds this token to {@code parameters}, not identifying (a restart carries a new token). */
    public JobParametersBuilder writeTo(JobParametersBuilder parameters) {
        return parameters.addString(OWNER, owner, false).addLong(EPOCH, epoch, false);
    }

    /** The token of an execution of {@code job} launched with {@code parameters}; empty if it has none. */
    public static Optional<RunToken> of(String job, JobParameters parameters) {
        Long epoch = parameters.getLong(EPOCH);
        String owner = parameters.getString(OWNER);
        return epoch == null || owner == null ? Optional.empty() : Optional.of(new RunToken(job, epoch, owner));
    }

    /** The token of {@code step}'s execution; empty if it has none. */
    public static Optional<RunToken> of(StepExecution step) {
        return of(step.getJobExecution().getJobInstance().getJobName(), step.getJobParameters());
    }

    /**
     * The token of the execution whose step runs on this thread.
     *
     * @throws IllegalStateException outside a step, or in an execution scale-poc did not launch
     */
    public static RunToken current() {
        StepContext context = StepSynchronizationManager.getContext();
        if (context == null) {
            throw new IllegalStateException("No step runs on this thread, so there is no run token");
        }
        return required(context.getStepExecution());
    }

    /**
     * The token of {@code step}'s execution.
     *
     * @throws IllegalStateException in an execution scale-poc did not launch
     */
    public static RunToken required(StepExecution step) {
        return of(step).orElseThrow(() -> new IllegalStateException(
                "Job '" + step.getJobExecution().getJobInstance().getJobName()
                        + "' was launched without '" + OWNER + "' and '" + EPOCH
                        + "' parameters; it only runs under scale-poc's ownership"));
    }
}
