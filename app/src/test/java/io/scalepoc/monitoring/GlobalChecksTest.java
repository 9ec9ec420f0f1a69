package io.scalepoc.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.JobProperties;
import io.scalepoc.control.JobControl;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.ownership.ClusterSnapshot;
import io.scalepoc.ownership.LeaseProbe.Result;
import io.scalepoc.ownership.Member;
import io.scalepoc.testsupport.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each global check and the hand-over grace, on snapshots built by hand; no Spring context, no database. */
class GlobalChecksTest {

    private static final Duration STALE_GRACE = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final JobProperties ORDERS =
            new JobProperties(Duration.ofMinutes(1), Duration.ZERO, 2, Duration.ofMinutes(10), true);
    private static final JobProperties MONITOR =
            new JobProperties(Duration.ofSeconds(10), Duration.ZERO, 0, Duration.ofMinutes(5), true);

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final Instant now = clock.instant();

    @Test
    void shouldReportEveryLeaseTheProbeCouldTakeAsOrphanedAndJudgeNothingItCouldNotProbe() {
        Map<String, Result> probes = new LinkedHashMap<>();
        probes.put("orders", Result.FREE);
        probes.put("invoices", Result.HELD);
        probes.put("payments", Result.UNKNOWN);

        Findings findings = GlobalChecks.orphans(snapshot(cluster(members()), probes, List.of(), Map.of(), Map.of()));

        assertThat(findings.conditions()).containsOnlyKeys(new AlertKey(AlertType.ORPHANED, "orders"));
        assertThat(findings.judged())
                .containsExactlyInAnyOrder(
                        new AlertKey(AlertType.ORPHANED, "orders"), new AlertKey(AlertType.ORPHANED, "invoices"));
    }

    @Test
    void shouldKeepARecordedViolationOpenWithItsLatestEvidenceAndJudgeTheOtherTypesClear() {
        List<SafetyAudit.Violation> violations = List.of(
                new SafetyAudit.Violation(AlertType.OVERLAP, "orders", "executions 7 and 9 overlapped"),
                new SafetyAudit.Violation(AlertType.OVERLAP, "orders", "executions 3 and 4 overlapped"),
                new SafetyAudit.Violation(AlertType.OVERLAP, "gone", "executions 1 and 2 overlapped"));
        MonitorSnapshot snapshot = snapshot(
                cluster(members(member("a", 2))), Map.of(), List.of(), Map.of(), Map.of(), violations, Map.of());

        Findings findings = GlobalChecks.safety(snapshot);

        assertThat(findings.conditions())
                .containsOnlyKeys(new AlertKey(AlertType.OVERLAP, "orders"))
                .containsEntry(
                        new AlertKey(AlertType.OVERLAP, "orders"),
                        "2 found by the safety audit within a day; the latest: executions 7 and 9 overlapped");
        assertThat(findings.judged())
                .contains(
                        new AlertKey(AlertType.STALE_EPOCH_COMMIT, "orders"),
                        new AlertKey(AlertType.HELD_IDLE, "orders"),
                        new AlertKey(AlertType.OVERLAP, "monitor-2"));
    }

    @Test
    void shouldFindALeaseHeldLongerThanTwoFixedDelaysAndALeaseWithoutARunHeldIdle() {
        // orders: fixed delay 1 min, no initial delay, lease 20 s: the bound is 140 s
        ClusterSnapshot cluster =
                new ClusterSnapshot(true, members(member("a", 2)), Map.of("orders", "a"), List.of(), null);
        AlertKey heldIdle = new AlertKey(AlertType.HELD_IDLE, "orders");

        assertThat(heldIdle(cluster, new SafetyAudit.Holding(3, "a", Duration.ofSeconds(141), false), Map.of()))
                .containsOnlyKeys(heldIdle);
        assertThat(heldIdle.job()).isEqualTo("orders");
        assertThat(heldIdle(cluster, new SafetyAudit.Holding(3, "a", Duration.ofSeconds(139), false), Map.of()))
                .as("within the bound")
                .isEmpty();
        assertThat(heldIdle(cluster, new SafetyAudit.Holding(3, "a", Duration.ofSeconds(141), true), Map.of()))
                .as("a run started since the acquisition")
                .isEmpty();
        assertThat(heldIdle(cluster, new SafetyAudit.Holding(3, "b", Duration.ofSeconds(141), false), Map.of()))
                .as("the epoch is another replica's: ownership is moving")
                .isEmpty();
        JobControl paused = new JobControl("orders", true, "ops", null, null, null, null);
        assertThat(heldIdle(
                        cluster,
                        new SafetyAudit.Holding(3, "a", Duration.ofSeconds(141), false),
                        Map.of("orders", paused)))
                .as("paused")
                .isEmpty();
        ClusterSnapshot deadHolder =
                new ClusterSnapshot(true, members(member("b", 2)), Map.of("orders", "a"), List.of(), null);
        assertThat(heldIdle(deadHolder, new SafetyAudit.Holding(3, "a", Duration.ofSeconds(141), false), Map.of()))
                .as("not a live member: ORPHANED's to judge")
                .isEmpty();
    }

    private Map<AlertKey, String> heldIdle(
            ClusterSnapshot cluster, SafetyAudit.Holding holding, Map<String, JobControl> controls) {
        return GlobalChecks.safety(snapshot(
                        cluster, Map.of(), List.of(), Map.of(), controls, List.of(), Map.of("orders", holding)))
                .conditions();
    }

    @Test
    void shouldReportACapacityShortfallOnlyWhenTheWholeMembershipIsKnown() {
        AlertKey shortfall = AlertKey.cluster(AlertType.CAPACITY_SHORTFALL);
        MonitorSnapshot oneToken = snapshot(cluster(members(member("a", 1))), Map.of(), List.of(), Map.of(), Map.of());
        MonitorSnapshot enough = snapshot(cluster(members(member("a", 2))), Map.of(), List.of(), Map.of(), Map.of());
        MonitorSnapshot unknown =
                snapshot(ClusterSnapshot.unknown("table unreadable"), Map.of(), List.of(), Map.of(), Map.of());

        assertThat(GlobalChecks.capacity(oneToken).conditions().get(shortfall))
                .isEqualTo(
                        "live members [a] hold 1 tokens, the enabled jobs weigh 2: 1 tokens' worth of jobs cannot be owned");
        assertThat(GlobalChecks.capacity(enough).judged()).containsExactly(shortfall);
        assertThat(GlobalChecks.capacity(enough).conditions()).isEmpty();
        assertThat(GlobalChecks.capacity(unknown)).isEqualTo(Findings.NONE);
    }

    @Test
    void shouldReportAnExecutionWhoseOwnerIsNotALiveMemberAsAZombie() {
        ExecutionSummary onLiveMember = running("orders", 7, "a", now.minusSeconds(5));
        ExecutionSummary onDeadMember = running("monitor-2", 8, "gone", now.minusSeconds(5));
        List<ExecutionSummary> running = List.of(onLiveMember, onDeadMember);

        Findings findings =
                GlobalChecks.zombies(snapshot(cluster(members(member("a", 2))), Map.of(), running, Map.of(), Map.of()));
        Findings unknown = GlobalChecks.zombies(
                snapshot(ClusterSnapshot.unknown("table unreadable"), Map.of(), running, Map.of(), Map.of()));

        assertThat(findings.conditions()).containsOnlyKeys(new AlertKey(AlertType.ZOMBIE_EXECUTION, "monitor-2"));
        assertThat(findings.judged())
                .contains(
                        new AlertKey(AlertType.ZOMBIE_EXECUTION, "orders"),
                        new AlertKey(AlertType.ZOMBIE_EXECUTION, "monitor-1"));
        assertThat(unknown).isEqualTo(Findings.NONE);
    }

    @Test
    void shouldJudgeFreshnessOfEveryJobThatRanButTheRunningMonitorAndAPausedJob() {
        Map<String, Instant> lastEnds = Map.of(
                "orders", now.minus(Duration.ofMinutes(2)), // due a minute ago: beyond the 30 s grace
                "monitor-1", now.minusSeconds(1),
                "monitor-2", now.minus(Duration.ofMinutes(5)));

        Findings findings =
                GlobalChecks.freshness(snapshot(cluster(members()), Map.of(), List.of(), lastEnds, Map.of()));
        Findings whilePaused = GlobalChecks.freshness(snapshot(
                cluster(members()),
                Map.of(),
                List.of(),
                lastEnds,
                Map.of("orders", new JobControl("orders", true, "ops", now, null, null, null))));

        assertThat(findings.conditions())
                .containsOnlyKeys(
                        new AlertKey(AlertType.STALE, "orders"), new AlertKey(AlertType.MONITOR_SILENT, "monitor-2"));
        assertThat(findings.judged())
                .as("monitor-1 runs this check")
                .doesNotContain(new AlertKey(AlertType.MONITOR_SILENT, "monitor-1"));
        assertThat(whilePaused.conditions()).containsOnlyKeys(new AlertKey(AlertType.MONITOR_SILENT, "monitor-2"));
        assertThat(whilePaused.judged())
                .as("a paused job's alerts are judged, so they resolve")
                .contains(new AlertKey(AlertType.STALE, "orders"), new AlertKey(AlertType.STUCK, "orders"));
    }

    @Test
    void shouldReportALongRunningExecutionAsStuckAndLeaveAJobThatNeverRanToItsOwner() {
        ExecutionSummary longRun = running("orders", 7, "a", now.minus(Duration.ofMinutes(11)));

        Findings findings =
                GlobalChecks.freshness(snapshot(cluster(members()), Map.of(), List.of(longRun), Map.of(), Map.of()));

        assertThat(findings.conditions()).containsOnlyKeys(new AlertKey(AlertType.STUCK, "orders"));
        assertThat(findings.judged()).noneMatch(key -> key.job().equals("monitor-2"));
    }

    @Test
    void shouldNameTheLeaseHolderOfALateJob() {
        Findings late = Findings.NONE
                .plus(new Condition(new AlertKey(AlertType.STALE, "orders"), "job 'orders' was due at 10:00"))
                .plus(new Condition(new AlertKey(AlertType.STUCK, "monitor-2"), "running long"));
        ClusterSnapshot cluster = new ClusterSnapshot(
                true, members(), Map.of("orders", "replica-b", "monitor-2", "replica-a"), List.of(), null);

        Findings named = GlobalChecks.nameLeaseHolders(late, cluster);

        assertThat(named.conditions())
                .containsEntry(
                        new AlertKey(AlertType.STALE, "orders"),
                        "job 'orders' was due at 10:00; its lease is held by 'replica-b'")
                .containsEntry(new AlertKey(AlertType.STUCK, "monitor-2"), "running long");
    }

    @Test
    void shouldHoldAHandOverConditionBackUntilItHasHeldForTheGraceAndForgetItOnceItClears() {
        HandOverGrace grace = new HandOverGrace(Duration.ofSeconds(30));
        AlertKey orphaned = new AlertKey(AlertType.ORPHANED, "orders");
        AlertKey stale = new AlertKey(AlertType.STALE, "invoices");
        Findings both = Findings.NONE.plus(new Condition(orphaned, "free")).plus(new Condition(stale, "late"));

        Findings first = grace.holdBack(both, clock.instant());
        clock.step(Duration.ofSeconds(29));
        Findings beforeTheGrace = grace.holdBack(both, clock.instant());
        clock.step(Duration.ofSeconds(1));
        Findings atTheGrace = grace.holdBack(both, clock.instant());
        grace.holdBack(Findings.judged(Set.of(orphaned)), clock.instant()); // it cleared
        Findings again = grace.holdBack(both, clock.instant());

        assertThat(first.conditions()).as("not a hand-over condition: at once").containsOnlyKeys(stale);
        assertThat(first.judged()).as("neither raised nor resolved").doesNotContain(orphaned);
        assertThat(beforeTheGrace.conditions()).containsOnlyKeys(stale);
        assertThat(atTheGrace.conditions()).containsOnlyKeys(stale, orphaned);
        assertThat(again.conditions()).as("the grace starts over").containsOnlyKeys(stale);
    }

    private MonitorSnapshot snapshot(
            ClusterSnapshot cluster,
            Map<String, Result> probes,
            List<ExecutionSummary> running,
            Map<String, Instant> lastEnds,
            Map<String, JobControl> controls) {
        return snapshot(cluster, probes, running, lastEnds, controls, List.of(), Map.of());
    }

    private MonitorSnapshot snapshot(
            ClusterSnapshot cluster,
            Map<String, Result> probes,
            List<ExecutionSummary> running,
            Map<String, Instant> lastEnds,
            Map<String, JobControl> controls,
            List<SafetyAudit.Violation> violations,
            Map<String, SafetyAudit.Holding> holdings) {
        Map<String, JobProperties> enabled = new LinkedHashMap<>();
        enabled.put("orders", ORDERS);
        enabled.put("monitor-1", MONITOR);
        enabled.put("monitor-2", MONITOR);
        return new MonitorSnapshot(
                "monitor-1",
                now,
                enabled,
                Set.of("monitor-1", "monitor-2"),
                cluster,
                probes,
                running,
                lastEnds,
                controls,
                STALE_GRACE,
                violations,
                holdings,
                LEASE);
    }

    private static ClusterSnapshot cluster(List<Member> members) {
        return new ClusterSnapshot(true, members, Map.of(), List.of(), null);
    }

    private static List<Member> members(Member... members) {
        return List.of(members);
    }

    private static Member member(String instanceId, int tokens) {
        return new Member(instanceId, tokens, instanceId + ":8080", List.of());
    }

    private static ExecutionSummary running(String job, long id, String owner, Instant start) {
        return new ExecutionSummary(job, id, "STARTED", "UNKNOWN", "", start, null, owner, 1L, 1L);
    }
}
