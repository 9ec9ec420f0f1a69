package io.scalepoc.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One job execution as the Spring Batch metadata records it, with the {@code owner}, {@code epoch}
 * and {@code run.id} parameters every launch carries. {@code end} is empty while it runs.
 */
public record ExecutionSummary(
        String jobName,
        long executionId,
        String status,
        String exitCode,
        String exitMessage,
        Instant start,
        Instant end,
        String owner,
        Long epoch,
        Long runId) {

    private static final Set<String> RUNNING = Set.of("STARTING", "STARTED", "STOPPING");

    public boolean isRunning() {
        return RUNNING.contains(status);
    }

    public boolean isFailed() {
        return "FAILED".equals(status);
    }

    /** Run time so far for a running execution ({@code now} on the reader's clock), or start to end. */
    public Duration duration(Instant now) {
        if (start == null) {
            return Duration.ZERO;
        }
        return Duration.between(start, end != null ? end : now);
    }
}
