package io.scalepoc.monitoring;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.JobProperties;
import io.scalepoc.control.JobControl;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.ownership.ClusterSnapshot;
import io.scalepoc.ownership.ClusterView;
import io.scalepoc.ownership.LeaseProbe;
import io.scalepoc.ownership.ReleaseAnnouncer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a global monitor job ({@code monitor-1}, {@code monitor-2}, ...). Exactly one replica
 * runs each monitor, because monitors are lease-owned jobs like any other. A run:
 *
 * <ol>
 *   <li>reads the lock table with one consistent scan ({@link ClusterView#observe}): the live
 *       members, and every enabled job's lease. A job without a lease, or whose lease has stood
 *       still for a whole lease as this replica has seen it ({@link
 *       io.scalepoc.ownership.LeaseSightings}; such a lease is deleted, conditionally on its
 *       version), has no owner — ORPHANED — and is announced, so a replica with free tokens adopts
 *       it at once. Only a lease found idle costs a request of its own;
 *   <li>compares the live members' tokens with the enabled jobs' weight (CAPACITY_SHORTFALL);
 *   <li>looks for executions recorded as running whose owner is not a live member
 *       (ZOMBIE_EXECUTION);
 *   <li>checks every unpaused job's freshness from the metadata ({@link Freshness}, the rule the
 *       self-monitor uses): STALE, STUCK, or MONITOR_SILENT for another monitor (each watches the
 *       others), so a job whose owner is frozen is still reported.
 * </ol>
 *
 * Each check is a function of one {@link MonitorSnapshot} read at the start of the run ({@link
 * GlobalChecks}). Then it reconciles the alerts of those types: raises what holds, resolves what no
 * longer does.
 * Where it could not tell (the table did not answer), it leaves existing alerts as they are. An
 * orphaned job, a zombie execution or a capacity shortfall counts only once it has held for {@code
 * scalepoc.monitoring.hand-over-grace} ({@link HandOverGrace}). The scan still frees an orphan's
 * lease and announces it at once.
 * Alerts on jobs that are no longer in the enabled catalog are resolved.
 */
public class GlobalMonitor {

    private static final Logger log = LoggerFactory.getLogger(GlobalMonitor.class);

    private final CatalogProperties catalog;
    private final Duration staleGrace;
    private final HandOverGrace handOverGrace;
    private final ClusterView cluster;
    private final ExecutionHistory history;
    private final JobControlStore controls;
    private final Alerts alerts;
    private final ReleaseAnnouncer announcer;
    private final Clock clock;
    private final SafetyAudit audit;
    private final Duration lease;
    private final String replica;

    public GlobalMonitor(
            CatalogProperties catalog,
            Duration staleGrace,
            Duration handOverGrace,
            ClusterView cluster,
            ExecutionHistory history,
            JobControlStore controls,
            Alerts alerts,
            ReleaseAnnouncer announcer,
            Clock clock,
            SafetyAudit audit,
            Duration lease,
            String replica) {
        this.catalog = catalog;
        this.staleGrace = staleGrace;
        this.handOverGrace = new HandOverGrace(handOverGrace);
        this.cluster = cluster;
        this.history = history;
        this.controls = controls;
        this.alerts = alerts;
        this.announcer = announcer;
        this.clock = clock;
        this.audit = audit;
        this.lease = lease;
        this.replica = replica;
    }

    /** What one run found, for the execution's exit message and the logs. */
    public record Report(int jobsProbed, List<String> orphaned, int liveMembers, int openConditions) {

        public String summary() {
            return "probed " + jobsProbed + " jobs, " + liveMembers + " live members, orphaned " + orphaned + ", "
                    + openConditions + " conditions";
        }
    }

    public Report run(String monitorName) {
        MonitorSnapshot snapshot = observe(monitorName);
        if (!snapshot.cluster().complete()) {
            log.warn(
                    "Monitor '{}': membership unknown ({}); capacity and zombies not checked",
                    monitorName,
                    snapshot.cluster().problem());
        }
        Findings found =
                GlobalChecks.ALL.stream().map(check -> check.apply(snapshot)).reduce(Findings.NONE, Findings::plus);
        Findings findings =
                handOverGrace.holdBack(GlobalChecks.nameLeaseHolders(found, snapshot.cluster()), snapshot.now());
        recordHeldIdle(found, snapshot);

        Map<String, JobProperties> enabled = snapshot.enabled();
        alerts.reconcile(scope(findings, snapshot), findings.conditions());
        List<String> orphaned = snapshot.probes().entrySet().stream()
                .filter(probe -> probe.getValue() == LeaseProbe.Result.FREE)
                .map(Map.Entry::getKey)
                .toList();
        Report report = new Report(
                enabled.size(),
                orphaned,
                snapshot.cluster().members().size(),
                findings.conditions().size());
        log.debug("Monitor '{}': {}", monitorName, report.summary());
        return report;
    }

    /** Records each HELD_IDLE the checks found as a violation, once per epoch held. */
    private void recordHeldIdle(Findings found, MonitorSnapshot snapshot) {
        for (Map.Entry<AlertKey, String> condition : found.conditions().entrySet()) {
            if (condition.getKey().type() != AlertType.HELD_IDLE) {
                continue;
            }
            String job = condition.getKey().job();
            SafetyAudit.Holding holding = snapshot.holdings().get(job);
            SafetyAudit.Violation violation = new SafetyAudit.Violation(
                    AlertType.HELD_IDLE,
                    job,
                    "epoch " + holding.epoch() + " of job '" + job + "' held by '" + holding.owner()
                            + "' without a run");
            try {
                if (audit.record(violation, replica)) {
                    log.warn("Safety audit: {}", condition.getValue());
                }
            } catch (RuntimeException e) {
                log.warn("Safety audit: could not record HELD_IDLE of job '{}': {}", job, e.toString());
            }
        }
    }

    /**
     * The open alerts this run may resolve: those its checks judged; alerts on jobs no longer in the
     * enabled catalog; and the CLOCK_SKEW of a replica that is no longer a live member (it left, so
     * nobody else will). A CLOCK_SKEW of a live replica belongs to that replica's own check alone —
     * the monitor cannot judge another replica's clock, and resolving it would only have it opened
     * again at that replica's next check.
     */
    private static Predicate<AlertKey> scope(Findings findings, MonitorSnapshot snapshot) {
        Map<String, JobProperties> enabled = snapshot.enabled();
        Set<String> live = snapshot.cluster().liveInstanceIds();
        boolean membershipKnown = snapshot.cluster().complete();
        return key -> {
            if (key.type() == AlertType.CLOCK_SKEW) {
                return membershipKnown && !live.contains(key.job());
            }
            return findings.judged().contains(key) || (!key.job().isEmpty() && !enabled.containsKey(key.job()));
        };
    }

    /**
     * Reads what the run judges: membership, every enabled job's lease (a job whose lease has no live
     * holder is announced here, so that a replica with free tokens adopts it at once), running executions, last ends and pause states.
     */
    private MonitorSnapshot observe(String monitorName) {
        Map<String, JobProperties> enabled = catalog.enabled();
        ClusterView.Observation seen = cluster.observe(enabled.keySet());
        ClusterSnapshot members = seen.cluster();
        Map<String, LeaseProbe.Result> probes = seen.jobLeases();
        probes.forEach((job, result) -> {
            if (result == LeaseProbe.Result.FREE) {
                announcer.announce(job);
            } else if (result == LeaseProbe.Result.UNKNOWN) {
                log.debug("Lease of job '{}' could not be read", job);
            }
        });
        // a violation is logged once, when its alert opens (alert.opened carries the evidence)
        List<SafetyAudit.Violation> violations = audit.audit(replica);
        Map<String, SafetyAudit.Holding> holdings = audit.holdings();
        List<ExecutionSummary> running = history.running();
        Map<String, Instant> lastEnds = history.lastEnds();
        Map<String, JobControl> control = controls.all();
        Set<String> monitors =
                enabled.keySet().stream().filter(catalog::isMonitor).collect(Collectors.toSet());
        return new MonitorSnapshot(
                monitorName,
                clock.instant(),
                enabled,
                monitors,
                members,
                probes,
                running,
                lastEnds,
                control,
                staleGrace,
                violations,
                holdings,
                lease);
    }
}
