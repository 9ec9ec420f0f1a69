package io.scalepoc.execution;

import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;

/**
 * What {@link JobRunner} did with a run: ran it to its {@code execution}'s end, could not launch it
 * ({@code failure}: why), or launched nothing because the job already runs here (neither).
 */
public record RunResult(Optional<JobExecution> execution, Optional<String> failure) {

    static RunResult ended(JobExecution execution) {
        return new RunResult(Optional.of(execution), Optional.empty());
    }

    static RunResult failed(String why) {
        return new RunResult(Optional.empty(), Optional.of(why));
    }

    static RunResult notLaunched() {
        return new RunResult(Optional.empty(), Optional.empty());
    }
}
