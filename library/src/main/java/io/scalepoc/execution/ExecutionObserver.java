package io.scalepoc.execution;

import org.springframework.batch.core.job.JobExecution;

/** Told about every execution this replica ran, when it has ended. Must not throw or block long. */
public interface ExecutionObserver {

    void ended(String jobName, JobExecution execution);
}
