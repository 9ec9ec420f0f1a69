package io.scalepoc.execution;

/**
 * One execution in a job's history: its summary, the rows its steps read and wrote, the execution
 * it restarted (the previous execution of the same JobInstance; null for a first run) and the
 * trigger that started it (null for a scheduled run).
 */
public record ExecutionDetail(
        ExecutionSummary summary, long readCount, long writeCount, Long restartOf, Long triggerId) {}
