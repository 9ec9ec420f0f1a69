package io.scalepoc.execution;

import java.time.Instant;
import java.util.Optional;

/** What the Spring Batch metadata says about a job, cluster-wide. */
public interface ExecutionHistory {

    /** End of the job's most recent finished execution, whichever replica ran it. */
    Optional<Instant> lastEnd(String jobName);
}
