package io.scalepoc.monitoring;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.config.ScalePocProperties.JobProperties;
import io.scalepoc.control.JobControl;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.ownership.ClusterSnapshot;
import io.scalepoc.ownership.ClusterView;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.LeaseProbe;
import io.scalepoc.ownership.ReleaseAnnouncer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a global monitor job ({@code monitor-1}, {@code monitor-2}, ...). Exactly one replica
 * runs each monitor, because monitors are lease-owned jobs like any other. A run:
 *
 * <ol>
 *   <li>reads the membership ({@link ClusterView}: member leases, each probed);
 *   <li>probes every enabled job's lease with the {@link LeaseProbe}: a lease it can take has no
 *       owner — ORPHANED — and is deleted again at once and announced, so a replica with free
 *       tokens adopts the job;
 *   <li>compares the live members' tokens with the enabled jobs' weight (CAPACITY_SHORTFALL);
 *   <li>looks for executions recorded as running whose owner is not a live member
 *       (ZOMBIE_EXECUTION);
 *   <li>checks every unpaused job's freshness from the metadata ({@link Freshness}, the rule the
 *       self-monitor uses): STALE, STUCK, or MONITOR_SILENT for another monitor (each watches the
 *       others), so a job whose owner is frozen is still reported.
 * </ol>
 *
 * Then it reconciles the alerts of those types: raises what holds, resolves what no longer does.
 * Where it could not tell (the table did not answer), it leaves existing alerts as they are. An
 * orphaned job, a zombie execution or a capacity shortfall is what every hand-over (a crash, a
 * rollout, start-up) shows for a moment and clears by itself; such a condition is raised only once
 * it has held for {@code scalepoc.monitoring.hand-over-grace} (by default a lease plus a claim
 * interval) as seen by this replica's runs, and until then neither raised nor resolved. The probe
 * still frees an orphan's lease and announces it at once.
 * Alerts on jobs that are no longer in the enabled catalog are resolved.
 */
public class GlobalMonitor {

    private static final Logger log = LoggerFactory.getLogger(GlobalMonitor.class);
    private static final Set<AlertType> HAND_OVER_CONDITIONS =
            Set.of(AlertType.ORPHANED, AlertType.ZOMBIE_EXECUTION, AlertType.CAPACITY_SHORTFALL);

    private final ScalePocProperties properties;
    private final ClusterView cluster;
    private final LeaseProbe probe;
    private final ExecutionHistory history;
    private final JobControlStore controls;
    private final Alerts alerts;
    private final ReleaseAnnouncer announcer;
    private final Clock clock;
    /** When this replica's runs first saw each hand-over condition that has held since. */
    private final Map<AlertKey, Instant> firstSeen = new ConcurrentHashMap<>();

    public GlobalMonitor(
            ScalePocProperties properties,
            ClusterView cluster,
            LeaseProbe probe,
            ExecutionHistory history,
            JobControlStore controls,
            Alerts alerts,
            ReleaseAnnouncer announcer,
            Clock clock) {
        this.properties = properties;
        this.cluster = cluster;
        this.probe = probe;
        this.history = history;
        this.controls = controls;
        this.alerts = alerts;
        this.announcer = announcer;
        this.clock = clock;
    }

    /** What one run found, for the execution's exit message and the logs. */
    public record Report(int jobsProbed, List<String> orphaned, int liveMembers, int openConditions) {

        public String summary() {
            return "probed " + jobsProbed + " jobs, " + liveMembers + " live members, orphaned " + orphaned + ", "
                    + openConditions + " conditions";
        }
    }

    public Report run(String monitorName) {
        Map<String, JobProperties> enabled = properties.enabledJobs();
        Map<AlertKey, String> conditions = new LinkedHashMap<>();
        Set<AlertKey> evaluated = new HashSet<>();

        ClusterSnapshot snapshot = cluster.snapshot();
        List<String> orphaned = probeJobs(enabled.keySet(), conditions, evaluated);
        List<ExecutionSummary> running = history.running();
        if (snapshot.complete()) {
            checkCapacity(snapshot, enabled, conditions, evaluated);
            checkZombies(snapshot, running, enabled.keySet(), conditions, evaluated);
        } else {
            log.warn(
                    "Monitor '{}': membership unknown ({}); capacity and zombies not checked",
                    monitorName,
                    snapshot.problem());
        }
        checkFreshness(monitorName, enabled, running, conditions, evaluated);
        nameLeaseHolders(snapshot, conditions);
        holdBackWithinGrace(conditions, evaluated);

        Predicate<AlertKey> scope =
                key -> evaluated.contains(key) || (!key.job().isEmpty() && !enabled.containsKey(key.job()));
        alerts.reconcile(scope, conditions);
        Report report = new Report(enabled.size(), orphaned, snapshot.members().size(), conditions.size());
        log.debug("Monitor '{}': {}", monitorName, report.summary());
        return report;
    }

    /**
     * Says in a STALE or MONITOR_SILENT condition who holds the job's lease: a replica that keeps
     * its lease alive but does not run the job (cut off from PostgreSQL, a stalled scheduler) is
     * the one to look at.
     */
    private static void nameLeaseHolders(ClusterSnapshot snapshot, Map<AlertKey, String> conditions) {
        conditions.replaceAll((key, message) -> {
            String holder = snapshot.jobOwners().get(key.job());
            boolean late = key.type() == AlertType.STALE || key.type() == AlertType.MONITOR_SILENT;
            return late && holder != null ? message + "; its lease is held by '" + holder + "'" : message;
        });
    }

    /**
     * Takes hand-over conditions younger than the grace out of this run's verdict (neither raised
     * nor resolved: an alert already open stays open), and forgets those that no longer hold.
     */
    private void holdBackWithinGrace(Map<AlertKey, String> conditions, Set<AlertKey> evaluated) {
        Instant now = clock.instant();
        Duration grace = properties.monitoring().handOverGrace(properties.ownership());
        for (AlertKey key : evaluated) {
            if (HAND_OVER_CONDITIONS.contains(key.type()) && !conditions.containsKey(key)) {
                firstSeen.remove(key);
            }
        }
        for (AlertKey key : List.copyOf(conditions.keySet())) {
            if (!HAND_OVER_CONDITIONS.contains(key.type())) {
                continue;
            }
            Instant since = firstSeen.computeIfAbsent(key, seen -> now);
            if (Duration.between(since, now).compareTo(grace) < 0) {
                log.debug("{} held for {} of its {} grace; not alerted yet", key, Duration.between(since, now), grace);
                conditions.remove(key);
                evaluated.remove(key);
            }
        }
    }

    private List<String> probeJobs(Set<String> jobs, Map<AlertKey, String> conditions, Set<AlertKey> evaluated) {
        List<String> orphaned = new ArrayList<>();
        for (String job : jobs) {
            AlertKey key = new AlertKey(AlertType.ORPHANED, job);
            switch (probe.probe(LeaseKey.job(job))) {
                case FREE -> {
                    orphaned.add(job);
                    evaluated.add(key);
                    conditions.put(
                            key,
                            "nobody holds the lease of job '" + job
                                    + "': the monitor could take it (released it again for adoption)");
                    announcer.announce(job);
                }
                case HELD -> evaluated.add(key);
                case UNKNOWN -> log.debug("Lease of job '{}' could not be probed", job);
            }
        }
        return orphaned;
    }

    private void checkCapacity(
            ClusterSnapshot snapshot,
            Map<String, JobProperties> enabled,
            Map<AlertKey, String> conditions,
            Set<AlertKey> evaluated) {
        AlertKey key = AlertKey.cluster(AlertType.CAPACITY_SHORTFALL);
        evaluated.add(key);
        int demand = enabled.values().stream().mapToInt(JobProperties::weight).sum();
        int capacity = snapshot.liveTokens();
        if (capacity < demand) {
            conditions.put(
                    key,
                    "live members " + snapshot.liveInstanceIds() + " hold " + capacity
                            + " tokens, the enabled jobs weigh " + demand + ": " + (demand - capacity)
                            + " tokens' worth of jobs cannot be owned");
        }
    }

    private void checkZombies(
            ClusterSnapshot snapshot,
            List<ExecutionSummary> running,
            Set<String> jobs,
            Map<AlertKey, String> conditions,
            Set<AlertKey> evaluated) {
        jobs.forEach(job -> evaluated.add(new AlertKey(AlertType.ZOMBIE_EXECUTION, job)));
        Set<String> live = snapshot.liveInstanceIds();
        for (ExecutionSummary execution : running) {
            if (execution.owner() != null && !live.contains(execution.owner())) {
                conditions.put(
                        new AlertKey(AlertType.ZOMBIE_EXECUTION, execution.jobName()),
                        "execution " + execution.executionId() + " is recorded " + execution.status()
                                + " but its owner '" + execution.owner()
                                + "' is not a live member; the job's next owner recovers it");
            }
        }
    }

    private void checkFreshness(
            String monitorName,
            Map<String, JobProperties> enabled,
            List<ExecutionSummary> runningExecutions,
            Map<AlertKey, String> conditions,
            Set<AlertKey> evaluated) {
        Instant now = clock.instant();
        Map<String, Instant> lastEnds = history.lastEnds();
        Map<String, ExecutionSummary> running = new HashMap<>();
        runningExecutions.forEach(execution -> running.put(execution.jobName(), execution));
        Map<String, JobControl> control = controls.all();
        enabled.forEach((job, props) -> {
            if (job.equals(monitorName)) {
                return; // it is running now
            }
            boolean monitor = properties.isMonitor(job);
            Instant lastEnd = lastEnds.get(job);
            ExecutionSummary execution = running.get(job);
            if (lastEnd == null && execution == null) {
                return; // never ran: its owner's self-monitor judges it against its initial delay
            }
            evaluated.add(new AlertKey(monitor ? AlertType.MONITOR_SILENT : AlertType.STALE, job));
            evaluated.add(new AlertKey(AlertType.STUCK, job));
            if (control.getOrDefault(job, JobControl.none(job)).paused()) {
                return;
            }
            Freshness.check(
                    job,
                    props,
                    monitor,
                    lastEnd,
                    execution,
                    lastEnd == null ? null : lastEnd.plus(props.fixedDelay()),
                    properties.monitoring().staleGrace(),
                    now,
                    conditions);
        });
    }
}
