package io.scalepoc.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail of committed work, and how long history is kept.
 *
 * @param chunkLogRetention how long rows of {@code datasync.sync_chunk_log} (one per committed
 *     table-sync chunk) are kept; each chunk deletes its job's older rows in its own transaction
 * @param metadataRetention how long Spring Batch metadata is kept: job instances all of whose
 *     executions ended longer ago are deleted, except each job's latest instance and anything
 *     still running
 * @param metadataPruningInterval how often a replica prunes the Spring Batch metadata (one
 *     replica at a time)
 */
public record AuditProperties(
        @DefaultValue("7d") Duration chunkLogRetention,
        @DefaultValue("30d") Duration metadataRetention,
        @DefaultValue("1h") Duration metadataPruningInterval) {

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!Durations.isPositive(chunkLogRetention)) {
            problems.add("scalepoc.audit.chunk-log-retention must be positive, but is " + chunkLogRetention);
        }
        if (!Durations.isPositive(metadataRetention)) {
            problems.add("scalepoc.audit.metadata-retention must be positive, but is " + metadataRetention);
        }
        if (!Durations.isPositive(metadataPruningInterval)) {
            problems.add(
                    "scalepoc.audit.metadata-pruning-interval must be positive, but is " + metadataPruningInterval);
        }
        return problems;
    }
}
