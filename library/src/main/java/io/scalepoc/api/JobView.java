package io.scalepoc.api;

import io.scalepoc.execution.ExecutionSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A job as {@code GET /api/jobs} shows it. Times are ISO-8601 instants; durations are ISO-8601. */
public record JobView(
        String name,
        boolean enabled,
        boolean monitor,
        int weight,
        Duration fixedDelay,
        String cron,
        String zone,
        String fencing,
        String owner,
        Long epoch,
        Instant ownedSince,
        boolean paused,
        String pausedBy,
        Instant pausedAt,
        String pauseReason,
        boolean triggerRequested,
        boolean releaseRequested,
        boolean running,
        LastExecution lastExecution,
        Instant nextDue,
        List<AlertView> openAlerts) {

    /** The job's most recent execution. */
    public record LastExecution(
            long id,
            String status,
            String exitCode,
            String exitMessage,
            Instant start,
            Instant end,
            Duration duration,
            String owner,
            Long epoch) {

        static LastExecution of(ExecutionSummary execution, Instant now) {
            return new LastExecution(
                    execution.executionId(),
                    execution.status(),
                    execution.exitCode(),
                    execution.exitMessage(),
                    execution.start(),
                    execution.end(),
                    execution.duration(now),
                    execution.owner(),
                    execution.epoch());
        }
    }
}
