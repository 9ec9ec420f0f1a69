package io.scalepoc.monitoring;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.JobProperties;
import io.scalepoc.config.MonitoringProperties;
import io.scalepoc.control.JobControl;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.execution.JobRunner;
import io.scalepoc.execution.LocalExecutions;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.scheduling.DueTime;
import io.scalepoc.scheduling.JobScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every replica's check of the jobs it owns, as the POC sketched it: for each owned, unpaused job,
 * compare its schedule with the Spring Batch metadata — not run since it was due plus the grace
 * (STALE, or MONITOR_SILENT for a monitor job; "due" counts from the claim for a job that never
 * ran), one execution running longer than max-duration (STUCK), the last failure-threshold
 * executions all FAILED (FAILING) — and check that its schedule is alive (SCHEDULE_DEAD, for paused
 * jobs too; the liveness group reports dead schedules as well, so Kubernetes restarts the pod).
 *
 * <p>Alerts of these types on the jobs this replica owns are reconciled on every check: raised
 * while they hold, resolved when they stop (a paused job's are resolved). FAILING is judged only
 * while the job is not being run here: during a run the latest executions say nothing new (and a
 * run that has just ended FAILED still carries Spring Batch's truncated stack trace until the
 * {@link JobRunner} records its root cause), so a FAILING alert stays as it is until the run is
 * over, rather than resolving at every start and opening again at every failure.
 */
public class SelfMonitor {

    private static final Logger log = LoggerFactory.getLogger(SelfMonitor.class);
    private static final Set<AlertType> TYPES = EnumSet.of(
            AlertType.STALE, AlertType.MONITOR_SILENT, AlertType.STUCK, AlertType.FAILING, AlertType.SCHEDULE_DEAD);
    /** A schedule is set up right after acquisition; a job owned for less than this is not judged. */
    public static final Duration SCHEDULE_SETTLE = Duration.ofSeconds(5);

    private final CatalogProperties catalog;
    private final MonitoringProperties monitoring;
    private final JobOwnership ownership;
    private final JobScheduler scheduler;
    private final LocalExecutions local;
    private final ExecutionHistory history;
    private final JobControlStore controls;
    private final Alerts alerts;
    private final Clock clock;

    public SelfMonitor(
            CatalogProperties catalog,
            MonitoringProperties monitoring,
            JobOwnership ownership,
            JobScheduler scheduler,
            LocalExecutions local,
            ExecutionHistory history,
            JobControlStore controls,
            Alerts alerts,
            Clock clock) {
        this.catalog = catalog;
        this.monitoring = monitoring;
        this.ownership = ownership;
        this.scheduler = scheduler;
        this.local = local;
        this.history = history;
        this.controls = controls;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** One check of every owned job; returns the conditions that hold. */
    public Map<AlertKey, String> check() {
        Collection<OwnedJob> owned = ownership.ownedJobs();
        List<String> dead = scheduler.deadSchedules(owned, SCHEDULE_SETTLE);
        Map<String, JobControl> control = owned.isEmpty() ? Map.of() : controls.all();
        Map<AlertKey, String> conditions = new LinkedHashMap<>();
        Set<AlertKey> undecided = new HashSet<>();
        for (OwnedJob job : owned) {
            if (dead.contains(job.name())) {
                conditions.put(
                        new AlertKey(AlertType.SCHEDULE_DEAD, job.name()),
                        "replica '" + ownership.instanceId() + "' owns job '" + job.name()
                                + "' but its schedule is dead; liveness is DOWN so that the pod is restarted");
            }
            JobProperties props = catalog.enabled().get(job.name());
            if (props != null
                    && !control.getOrDefault(job.name(), JobControl.none(job.name()))
                            .paused()) {
                checkJob(job, props, conditions, undecided);
            }
        }
        Set<String> names = owned.stream().map(OwnedJob::name).collect(Collectors.toSet());
        alerts.reconcile(
                key -> TYPES.contains(key.type()) && names.contains(key.job()) && !undecided.contains(key), conditions);
        if (!dead.isEmpty()) {
            log.error("Schedules of owned jobs {} are dead; liveness is DOWN", dead);
        }
        return conditions;
    }

    private void checkJob(
            OwnedJob job, JobProperties props, Map<AlertKey, String> conditions, Set<AlertKey> undecided) {
        Instant now = clock.instant();
        int threshold = monitoring.failureThreshold();
        List<ExecutionSummary> recent = history.recent(job.name(), threshold);
        ExecutionSummary running =
                recent.stream().findFirst().filter(ExecutionSummary::isRunning).orElse(null);
        Optional<Instant> lastEnd = running != null ? Optional.empty() : history.lastEnd(job.name());
        Freshness.check(
                        job.name(),
                        props,
                        catalog.isMonitor(job.name()),
                        lastEnd.orElse(null),
                        running,
                        running != null ? null : DueTime.next(lastEnd, job.since(), props),
                        monitoring.staleGrace(),
                        now)
                .ifPresent(condition -> conditions.put(condition.key(), condition.message()));
        if (local.isRunningLocally(job.name())) {
            undecided.add(new AlertKey(AlertType.FAILING, job.name()));
        } else if (recent.size() == threshold && recent.stream().allMatch(ExecutionSummary::isFailed)) {
            conditions.put(
                    new AlertKey(AlertType.FAILING, job.name()),
                    "the last " + threshold + " executions of job '" + job.name() + "' FAILED; the latest ("
                            + recent.get(0).executionId() + ") said: "
                            + rootCause(recent.get(0).exitMessage()));
        }
    }

    /** The innermost "Caused by:" of a stack trace in an exit message, or its first line. */
    static String rootCause(String message) {
        if (message == null || message.isBlank()) {
            return "(no exit message)";
        }
        List<String> lines = message.strip().lines().toList();
        String line = lines.stream()
                .filter(candidate -> candidate.startsWith("Caused by: "))
                .reduce((first, second) -> second)
                .map(cause -> cause.substring("Caused by: ".length()))
                .orElse(lines.get(0));
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
