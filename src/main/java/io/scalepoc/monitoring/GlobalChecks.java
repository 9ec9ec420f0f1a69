package io.scalepoc.monitoring;

import io.scalepoc.config.ScalePocProperties.JobProperties;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.ownership.ClusterSnapshot;
import io.scalepoc.ownership.LeaseProbe;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The global monitor's checks, each a function from one run's {@link MonitorSnapshot} to what it
 * found. No I/O, no clock, no state: the {@link GlobalMonitor} reads the snapshot and acts on the
 * findings.
 */
final class GlobalChecks {

    /** Every check, in the order their findings are reported. */
    static final List<Function<MonitorSnapshot, Findings>> ALL =
            List.of(GlobalChecks::orphans, GlobalChecks::capacity, GlobalChecks::zombies, GlobalChecks::freshness);

    private GlobalChecks() {}

    /** ORPHANED for every job whose lease the probe could take; a lease it could not probe is not judged. */
    static Findings orphans(MonitorSnapshot snapshot) {
        Findings findings = Findings.NONE;
        for (Map.Entry<String, LeaseProbe.Result> probe : snapshot.probes().entrySet()) {
            String job = probe.getKey();
            AlertKey key = new AlertKey(AlertType.ORPHANED, job);
            findings = switch (probe.getValue()) {
                case FREE -> findings.plus(new Condition(
                        key,
                        "nobody holds the lease of job '" + job
                                + "': the monitor could take it (released it again for adoption)"));
                case HELD -> findings.plus(Findings.judged(Set.of(key)));
                case UNKNOWN -> findings;
            };
        }
        return findings;
    }

    /** CAPACITY_SHORTFALL when the live members' tokens are fewer than the enabled jobs weigh; needs the whole membership. */
    static Findings capacity(MonitorSnapshot snapshot) {
        ClusterSnapshot cluster = snapshot.cluster();
        if (!cluster.complete()) {
            return Findings.NONE;
        }
        AlertKey key = AlertKey.cluster(AlertType.CAPACITY_SHORTFALL);
        int demand = snapshot.enabled().values().stream()
                .mapToInt(JobProperties::weight)
                .sum();
        int capacity = cluster.liveTokens();
        if (capacity >= demand) {
            return Findings.judged(Set.of(key));
        }
        return Findings.NONE.plus(new Condition(
                key,
                "live members " + cluster.liveInstanceIds() + " hold " + capacity + " tokens, the enabled jobs weigh "
                        + demand + ": " + (demand - capacity) + " tokens' worth of jobs cannot be owned"));
    }

    /** ZOMBIE_EXECUTION for an execution recorded as running whose owner is not a live member; needs the whole membership. */
    static Findings zombies(MonitorSnapshot snapshot) {
        ClusterSnapshot cluster = snapshot.cluster();
        if (!cluster.complete()) {
            return Findings.NONE;
        }
        Set<AlertKey> judged = new LinkedHashSet<>();
        snapshot.enabled().keySet().forEach(job -> judged.add(new AlertKey(AlertType.ZOMBIE_EXECUTION, job)));
        Findings findings = Findings.judged(judged);
        Set<String> live = cluster.liveInstanceIds();
        for (ExecutionSummary execution : snapshot.running()) {
            if (execution.owner() != null && !live.contains(execution.owner())) {
                findings = findings.plus(new Condition(
                        new AlertKey(AlertType.ZOMBIE_EXECUTION, execution.jobName()),
                        "execution " + execution.executionId() + " is recorded " + execution.status()
                                + " but its owner '" + execution.owner()
                                + "' is not a live member; the job's next owner recovers it"));
            }
        }
        return findings;
    }

    /**
     * STALE, STUCK and MONITOR_SILENT by the rule the self-monitor uses ({@link Freshness}), for
     * every job that has run at least once (a job that never ran is its owner's to judge, against
     * its initial delay) except the monitor running now; a paused job is judged and holds nothing.
     */
    static Findings freshness(MonitorSnapshot snapshot) {
        Map<String, ExecutionSummary> running = new HashMap<>();
        snapshot.running().forEach(execution -> running.put(execution.jobName(), execution));
        Findings findings = Findings.NONE;
        for (Map.Entry<String, JobProperties> entry : snapshot.enabled().entrySet()) {
            String job = entry.getKey();
            JobProperties props = entry.getValue();
            Instant lastEnd = snapshot.lastEnds().get(job);
            ExecutionSummary execution = running.get(job);
            if (job.equals(snapshot.monitorName()) || (lastEnd == null && execution == null)) {
                continue;
            }
            boolean monitor = snapshot.monitors().contains(job);
            findings = findings.plus(Findings.judged(Set.of(
                    new AlertKey(monitor ? AlertType.MONITOR_SILENT : AlertType.STALE, job),
                    new AlertKey(AlertType.STUCK, job))));
            if (snapshot.isPaused(job)) {
                continue;
            }
            findings = Freshness.check(
                            job,
                            props,
                            monitor,
                            lastEnd,
                            execution,
                            lastEnd == null ? null : props.nextAfter(lastEnd),
                            snapshot.staleGrace(),
                            snapshot.now())
                    .map(findings::plus)
                    .orElse(findings);
        }
        return findings;
    }

    /**
     * Says in a STALE or MONITOR_SILENT condition who holds the job's lease: a replica that keeps
     * its lease alive but does not run the job (cut off from PostgreSQL, a stalled scheduler) is
     * the one to look at.
     */
    static Findings nameLeaseHolders(Findings findings, ClusterSnapshot cluster) {
        return findings.withMessages((key, message) -> {
            String holder = cluster.jobOwners().get(key.job());
            boolean late = key.type() == AlertType.STALE || key.type() == AlertType.MONITOR_SILENT;
            return late && holder != null ? message + "; its lease is held by '" + holder + "'" : message;
        });
    }
}
