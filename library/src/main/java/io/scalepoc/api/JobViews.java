package io.scalepoc.api;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.JobProperties;
import io.scalepoc.control.JobControl;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.monitoring.Alert;
import io.scalepoc.monitoring.Alerts;
import io.scalepoc.ownership.EpochRecord;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.scheduling.DueTime;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Assembles {@link JobView}s from PostgreSQL alone (catalog, job_control, job_epoch, the Spring
 * Batch metadata, alerts), so that any replica answers the same, without asking DynamoDB. The
 * owner is the replica that took the latest epoch and has not released it; after a crash that
 * stays the dead replica until the job is adopted (an ORPHANED alert says so if that takes longer
 * than the hand-over grace).
 */
class JobViews {

    private final CatalogProperties properties;
    private final JobControlStore controls;
    private final EpochStore epochs;
    private final ExecutionHistory history;
    private final Alerts alerts;
    private final Clock clock;

    JobViews(
            CatalogProperties properties,
            JobControlStore controls,
            EpochStore epochs,
            ExecutionHistory history,
            Alerts alerts,
            Clock clock) {
        this.properties = properties;
        this.controls = controls;
        this.epochs = epochs;
        this.history = history;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Every catalog job (disabled ones too) and every monitor, in catalog order. */
    List<JobView> all() {
        Map<String, JobProperties> jobs = new LinkedHashMap<>(properties.jobs());
        properties.enabled().forEach(jobs::putIfAbsent);
        Map<String, JobControl> control = controls.all();
        Map<String, EpochRecord> records = epochs.records();
        Map<String, ExecutionSummary> latest = history.latest();
        Map<String, Instant> lastEnds = history.lastEnds();
        Set<String> running =
                history.running().stream().map(ExecutionSummary::jobName).collect(Collectors.toSet());
        Map<String, List<AlertView>> open = alerts.open().stream()
                .collect(Collectors.groupingBy(Alert::job, Collectors.mapping(AlertView::of, Collectors.toList())));
        Instant now = clock.instant();
        return jobs.entrySet().stream()
                .map(entry -> view(
                        entry.getKey(),
                        entry.getValue(),
                        control.getOrDefault(entry.getKey(), JobControl.none(entry.getKey())),
                        records.get(entry.getKey()),
                        latest.get(entry.getKey()),
                        lastEnds.get(entry.getKey()),
                        running.contains(entry.getKey()),
                        open.getOrDefault(entry.getKey(), List.of()),
                        now))
                .toList();
    }

    private JobView view(
            String name,
            JobProperties props,
            JobControl control,
            EpochRecord record,
            ExecutionSummary last,
            Instant lastEnd,
            boolean running,
            List<AlertView> openAlerts,
            Instant now) {
        boolean owned = record != null && !record.isReleased();
        Instant nextDue = null;
        if (props.enabled() && !control.paused() && !running && owned) {
            nextDue = DueTime.next(Optional.ofNullable(lastEnd), record.acquiredAt(), props);
        }
        return new JobView(
                name,
                props.enabled(),
                properties.isMonitor(name),
                props.weight(),
                props.fixedDelay(),
                props.cron(),
                props.isCron() ? props.zone() : null,
                props.fencing(),
                owned ? record.owner() : null,
                record == null ? null : record.epoch(),
                owned ? record.acquiredAt() : null,
                control.paused(),
                control.pausedBy(),
                control.pausedAt(),
                control.pauseReason(),
                control.triggerRequested(),
                control.releaseRequested(),
                running,
                last == null ? null : JobView.LastExecution.of(last, now),
                nextDue,
                openAlerts);
    }
}
