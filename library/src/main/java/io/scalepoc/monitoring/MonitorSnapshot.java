package io.scalepoc.monitoring;

import io.scalepoc.config.JobProperties;
import io.scalepoc.control.JobControl;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.ownership.ClusterSnapshot;
import io.scalepoc.ownership.LeaseProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one global monitor run judges, read once at the start of the run; the checks ({@link
 * GlobalChecks}) are functions of it.
 *
 * @param monitorName the monitor running now (not judged: it is running)
 * @param now the replica's clock (PostgreSQL's) when the run read the metadata
 * @param enabled the enabled catalog and the monitors, in catalog order
 * @param monitors which of them are global monitors
 * @param cluster the membership and lease holders
 * @param probes each enabled job's lease probe
 * @param running executions recorded as running, cluster-wide
 * @param lastEnds each job's last end, from the metadata
 * @param controls pause state per job
 * @param staleGrace how late a job may be before it is STALE
 * @param violations the safety audit's violations recorded within a day, newest first
 * @param holdings each job's current epoch, from the audit
 * @param lease the lease duration
 */
record MonitorSnapshot(
        String monitorName,
        Instant now,
        Map<String, JobProperties> enabled,
        Set<String> monitors,
        ClusterSnapshot cluster,
        Map<String, LeaseProbe.Result> probes,
        List<ExecutionSummary> running,
        Map<String, Instant> lastEnds,
        Map<String, JobControl> controls,
        Duration staleGrace,
        List<SafetyAudit.Violation> violations,
        Map<String, SafetyAudit.Holding> holdings,
        Duration lease) {

    MonitorSnapshot {
        enabled = Collections.unmodifiableMap(new LinkedHashMap<>(enabled));
        monitors = Set.copyOf(monitors);
        probes = Collections.unmodifiableMap(new LinkedHashMap<>(probes));
        running = List.copyOf(running);
        lastEnds = Map.copyOf(lastEnds);
        controls = Map.copyOf(controls);
        violations = List.copyOf(violations);
        holdings = Map.copyOf(holdings);
    }

    boolean isPaused(String job) {
        return controls.getOrDefault(job, JobControl.none(job)).paused();
    }
}
