package io.scalepoc.api;

import io.scalepoc.monitoring.SafetyGauges;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/overview}: what {@code /api/cluster}, {@code /api/jobs} and open alerts answer, the
 * timeline, and the safety audit's totals ("0 violations since …") — everything the status page
 * shows, in one answer.
 */
record Overview(
        Instant at,
        ClusterResponse cluster,
        List<JobView> jobs,
        List<AlertView> alerts,
        Timeline timeline,
        SafetyGauges.SafetySummary safety) {}
