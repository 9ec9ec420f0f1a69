package io.scalepoc.api;

import io.scalepoc.execution.ExecutionDetail;
import io.scalepoc.execution.ExecutionSummary;
import java.time.Duration;
import java.time.Instant;

/** One execution of a job's history ({@code GET /api/jobs/{name}/executions}). */
record ExecutionView(
        long id,
        long runId,
        String status,
        String exitCode,
        String exitMessage,
        Instant start,
        Instant end,
        Duration duration,
        String owner,
        Long epoch,
        long readCount,
        long writeCount,
        Long restartOf,
        Long triggerId) {

    static ExecutionView of(ExecutionDetail detail, Instant now) {
        ExecutionSummary execution = detail.summary();
        return new ExecutionView(
                execution.executionId(),
                execution.runId() == null ? 0 : execution.runId(),
                execution.status(),
                execution.exitCode(),
                execution.exitMessage(),
                execution.start(),
                execution.end(),
                execution.duration(now),
                execution.owner(),
                execution.epoch(),
                detail.readCount(),
                detail.writeCount(),
                detail.restartOf(),
                detail.triggerId());
    }

    /** A page of executions, newest first, and the link to the next (older) page, or null. */
    record Page(java.util.List<ExecutionView> executions, String next) {}
}
