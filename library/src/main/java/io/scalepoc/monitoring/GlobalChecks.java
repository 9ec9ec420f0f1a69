package io.scalepoc.monitoring;

import io.scalepoc.config.JobProperties;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.ownership.ClusterSnapshot;
import io.scalepoc.ownership.LeaseProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
    static final List<Function<MonitorSnapshot, Findings>> ALL = List.of(
            GlobalChecks::orphans,
            GlobalChecks::capacity,
            GlobalChecks::zombies,
            GlobalChecks::freshness,
            GlobalChecks::safety);

    private GlobalChecks() {}

    /** ORPHANED for every job whose lease the probe could take; a lease it could not probe is not judged. */
    static Findings orphans(MonitorSnapshot snapshot) {
        Findings.Builder findings = new Findings.Builder();
        for (Map.Entry<String, LeaseProbe.Result> probe : snapshot.probes().entrySet()) {
            String job = probe.getKey();
            AlertKey key = new AlertKey(AlertType.ORPHANED, job);
            switch (probe.getValue()) {
                case FREE -> findings.hold(new Condition(
                        key,
                        "nobody holds the lease of job '" + job
                                + "': the monitor could take it (released it again for adoption)"));
                case HELD -> findings.judge(key);
                case UNKNOWN -> {}
            }
        }
        return findings.build();
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
        Findings.Builder findings = new Findings.Builder();
        snapshot.enabled().keySet().forEach(job -> findings.judge(new AlertKey(AlertType.ZOMBIE_EXECUTION, job)));
        Set<String> live = cluster.liveInstanceIds();
        for (ExecutionSummary execution : snapshot.running()) {
            if (execution.owner() != null && !live.contains(execution.owner())) {
                findings.hold(new Condition(
                        new AlertKey(AlertType.ZOMBIE_EXECUTION, execution.jobName()),
                        "execution " + execution.executionId() + " is recorded " + execution.status()
                                + " but its owner '" + execution.owner()
                                + "' is not a live member; the job's next owner recovers it"));
            }
        }
        return findings.build();
    }

    /**
     * STALE, STUCK and MONITOR_SILENT by the rule the self-monitor uses ({@link Freshness}), for
     * every job that has run at least once (a job that never ran is its owner's to judge, against
     * its initial delay) except the monitor running now; a paused job is judged and holds nothing.
     */
    static Findings freshness(MonitorSnapshot snapshot) {
        Map<String, ExecutionSummary> running = new HashMap<>();
        snapshot.running().forEach(execution -> running.put(execution.jobName(), execution));
        Findings.Builder findings = new Findings.Builder();
        for (Map.Entry<String, JobProperties> entry : snapshot.enabled().entrySet()) {
            String job = entry.getKey();
            JobProperties props = entry.getValue();
            Instant lastEnd = snapshot.lastEnds().get(job);
            ExecutionSummary execution = running.get(job);
            if (job.equals(snapshot.monitorName()) || (lastEnd == null && execution == null)) {
                continue;
            }
            boolean monitor = snapshot.monitors().contains(job);
            findings.judge(new AlertKey(monitor ? AlertType.MONITOR_SILENT : AlertType.STALE, job))
                    .judge(new AlertKey(AlertType.STUCK, job));
            if (snapshot.isPaused(job)) {
                continue;
            }
            Freshness.check(
                            job,
                            props,
                            monitor,
                            lastEnd,
                            execution,
                            lastEnd == null ? null : props.nextAfter(lastEnd),
                            snapshot.staleGrace(),
                            snapshot.now())
                    .ifPresent(findings::hold);
        }
        return findings.build();
    }

    /**
     * The safety audit: OVERLAP and STALE_EPOCH_COMMIT for every job with such a violation recorded
     * within a day (the newest evidence in the message), and HELD_IDLE for a job whose lease a live
     * member has held — at the epoch it acquired — for longer than two fixed delays, its initial
     * delay and a lease, with no run started since and none running, while the job is not paused.
     * Cron jobs are not judged HELD_IDLE (their gaps are the cron's).
     */
    static Findings safety(MonitorSnapshot snapshot) {
        Findings.Builder findings = new Findings.Builder();
        for (String job : snapshot.enabled().keySet()) {
            SafetyAudit.RECORDED.forEach(type -> findings.judge(new AlertKey(type, job)));
        }
        Map<AlertKey, Integer> counts = new HashMap<>();
        Map<AlertKey, String> latest = new HashMap<>();
        for (SafetyAudit.Violation violation : snapshot.violations()) {
            AlertKey key = new AlertKey(violation.type(), violation.job());
            if (violation.type() != AlertType.HELD_IDLE && snapshot.enabled().containsKey(violation.job())) {
                counts.merge(key, 1, Integer::sum);
                latest.putIfAbsent(key, violation.evidence());
            }
        }
        for (Map.Entry<AlertKey, String> entry : latest.entrySet()) {
            findings.hold(new Condition(
                    entry.getKey(),
                    counts.get(entry.getKey()) + " found by the safety audit within a day; the latest: "
                            + entry.getValue()));
        }
        for (Condition condition : heldIdle(snapshot)) {
            findings.hold(condition);
        }
        return findings.build();
    }

    /** HELD_IDLE conditions, as {@link #safety} describes them. */
    private static List<Condition> heldIdle(MonitorSnapshot snapshot) {
        ClusterSnapshot cluster = snapshot.cluster();
        Set<String> running = new HashSet<>();
        snapshot.running().forEach(execution -> running.add(execution.jobName()));
        List<Condition> conditions = new ArrayList<>();
        snapshot.enabled().forEach((job, props) -> {
            String holder = cluster.jobOwners().get(job);
            SafetyAudit.Holding holding = snapshot.holdings().get(job);
            if (holder == null
                    || holding == null
                    || !cluster.liveInstanceIds().contains(holder)
                    || !holder.equals(holding.owner())
                    || holding.ranSince()
                    || running.contains(job)
                    || job.equals(snapshot.monitorName())
                    || snapshot.isPaused(job)
                    || props.cron() != null) {
                return;
            }
            Duration bound = props.fixedDelay()
                    .multipliedBy(2)
                    .plus(props.initialDelay())
                    .plus(snapshot.lease());
            if (holding.heldFor().compareTo(bound) > 0) {
                conditions.add(new Condition(
                        new AlertKey(AlertType.HELD_IDLE, job),
                        "replica '" + holder + "' has held the lease of job '" + job + "' (epoch " + holding.epoch()
                                + ") for " + holding.heldFor().toSeconds() + " s and started no run (bound "
                                + bound.toSeconds()
                                + " s: two fixed delays, the initial delay and a lease); release the job through the API "
                                + "or restart that replica"));
            }
        });
        return conditions;
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
