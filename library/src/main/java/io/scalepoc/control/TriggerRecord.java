package io.scalepoc.control;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One trigger as stored: who asked, when (PostgreSQL's clock), with which job parameters, its state ({@code PENDING}, {@code
 * STARTED} or {@code ENDED}) and, once ended, its outcome, execution and reason.
 */
public record TriggerRecord(
        long id,
        String jobName,
        String requestedBy,
        Instant requestedAt,
        Map<String, Object> parameters,
        String state,
        String outcome,
        OptionalLong executionId,
        String reason) {

    public boolean isEnded() {
        return "ENDED".equals(state);
    }

    public boolean isPending() {
        return "PENDING".equals(state);
    }
}
