package io.scalepoc.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.JobProperties;
import io.scalepoc.config.OwnershipProperties;
import io.scalepoc.testsupport.InMemoryEpochs;
import io.scalepoc.testsupport.InMemoryLeaseTable;
import io.scalepoc.testsupport.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The sweep's bookkeeping, over an in-memory {@link LeaseStore} (the real one is exercised by
 * the contract and cluster tests): weights, the budget, epochs, lost and released leases.
 */
class JobOwnershipTest {

    private final InMemoryEpochs epochs = new InMemoryEpochs();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** What the database check answers. */
    private volatile boolean databaseReachable = true;
    /** The member leases in the table. */
    private final List<LeaseRecord> members = new ArrayList<>();
    /** Members that have not checked in with PostgreSQL lately. */
    private final Set<String> absentFromDatabase = new HashSet<>();

    /** {@code scalepoc.ownership.claims-in-flight} of the replicas made here. */
    private int claimsInFlight = 1;

    /** Hand-overs asked of the jobs' ticks and not carried out yet. */
    private final List<HandOver> handOvers = new ArrayList<>();

    /** The next tick of each job a hand-over was asked of (the tick carries it out if still due). */
    private void tick(JobOwnership ownership) {
        for (HandOver handOver : List.copyOf(handOvers)) {
            ownership.owned(handOver.job()).ifPresent(ownership::beginTick);
        }
        handOvers.clear();
    }

    /** A tick starts a run of {@code job}, as the scheduler does. */
    private static OwnedJob startRun(JobOwnership ownership, String job) {
        OwnedJob owned = ownership.owned(job).orElseThrow();
        assertThat(ownership.runStarting(owned)).as("run of %s allowed", job).isTrue();
        return owned;
    }

    /** Each replica's lease store, by instance id. */
    private final Map<String, LeaseStore> stores = new ConcurrentHashMap<>();

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final InMemoryLeaseTable leases = new InMemoryLeaseTable(
            Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMillis(20), clock::nanoTime);

    @Test
    void shouldStayAwayFromAJobReleasedWithAHoldOffUntilTheHoldOffEnds() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1));
        ownership.sweep();

        assertThat(ownership.release("a", Duration.ofSeconds(20))).isTrue();
        ownership.sweep();
        assertThat(names(ownership)).as("held off").isEmpty();
        assertThat(ownership.release("a", Duration.ofSeconds(20)))
                .as("not owned any more")
                .isFalse();

        clock.step(Duration.ofSeconds(19));
        ownership.sweep();
        assertThat(names(ownership)).isEmpty();
        clock.step(Duration.ofSeconds(1));
        ownership.sweep();
        assertThat(names(ownership)).containsExactly("a");
    }

    /**
     * The hold-off is there so that a peer gets the job; once a peer has taken it, it is over: if that
     * peer gives the job up again (it shuts down right after a rebalance, say), this replica adopts
     * it at once instead of leaving it unowned for the rest of the hold-off.
     */
    @Test
    void shouldEndAHoldOffOnceAPeerHasTakenTheJob() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1));
        ownership.sweep();
        assertThat(ownership.release("a", Duration.ofSeconds(40))).isTrue();

        leases.hold(LeaseKey.job("a"), "replica-z");
        ownership.sweep();
        assertThat(names(ownership)).isEmpty();
        leases.free(LeaseKey.job("a"));
        ownership.sweep();

        assertThat(names(ownership))
                .as("taken back long before the 40 s hold-off ends")
                .containsExactly("a");
    }

    /**
     * A sweep with {@code claims-in-flight} above 1 asks for several leases at once: one request that stalls (DynamoDB taking its API
     * timeout) holds back neither the others nor their schedules, and the sweep still waits for it.
     */
    @Test
    void shouldAcquireTheOtherJobsWhileOneLeaseRequestStalls() throws Exception {
        claimsInFlight = 4; // with 1, the job after the stalled one in claim order waits for it (the test fails)
        LeaseStore store = leases.store("replica-a");
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        stores.put("replica-a", new LeaseStore() {
            @Override
            public Optional<Lease> tryAcquire(LeaseKey key, Map<String, String> attributes, Runnable onDanger) {
                if (key.equals(LeaseKey.job("slow"))) {
                    stalled.countDown();
                    try {
                        resume.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return store.tryAcquire(key, attributes, onDanger);
            }

            @Override
            public Optional<Lease> takeOver(
                    LeaseKey key, String version, Map<String, String> attributes, Runnable onDanger) {
                return store.takeOver(key, version, attributes, onDanger);
            }

            @Override
            public void observe(Collection<LeaseKey> keys) {
                store.observe(keys);
            }

            @Override
            public Duration timeLeftInDanger() {
                return store.timeLeftInDanger();
            }

            @Override
            public boolean release(Lease lease) {
                return store.release(lease);
            }

            @Override
            public void close() {
                store.close();
            }
        });
        Map<String, Integer> weights = new LinkedHashMap<>();
        weights.put("slow", 1);
        for (int i = 1; i <= 12; i++) {
            weights.put("job-" + i, 1);
        }
        JobOwnership ownership = ownership("replica-a", 13, weights);

        CompletableFuture<List<OwnedJob>> sweep = CompletableFuture.supplyAsync(ownership::sweep);
        assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(names(ownership)).hasSize(12).doesNotContain("slow"));
        assertThat(sweep).as("the sweep waits for every request it made").isNotDone();

        resume.countDown();
        assertThat(sweep.get(10, TimeUnit.SECONDS)).hasSize(13);
        assertThat(names(ownership)).contains("slow");
    }

    @Test
    void shouldTakeJobsUntilTheBudgetIsSpentCountingWeights() {
        JobOwnership ownership = ownership("replica-a", 3, Map.of("heavy", 2, "light-1", 1, "light-2", 1, "free", 0));

        ownership.sweep();

        assertThat(ownership.tokensUsed()).isLessThanOrEqualTo(3);
        int weight = ownership.ownedJobs().stream().mapToInt(OwnedJob::weight).sum();
        assertThat(weight).isEqualTo(ownership.tokensUsed());
        assertThat(names(ownership)).contains("free");
        assertThat(leases.holders().keySet())
                .containsExactlyInAnyOrderElementsOf(
                        names(ownership).stream().map(LeaseKey::job).toList());
    }

    @Test
    void shouldNotTakeJobsHeldByAnotherReplicaAndAdoptThemOnceReleased() {
        leases.hold(LeaseKey.job("b"), "replica-z");
        JobOwnership ownership = ownership("replica-a", 2, Map.of("a", 1, "b", 1));

        ownership.sweep();
        assertThat(names(ownership)).containsExactly("a");

        leases.free(LeaseKey.job("b"));
        ownership.sweep();
        assertThat(names(ownership)).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void shouldIncrementTheEpochOnEveryAcquisitionAndNotifyListeners() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1));
        ownership.sweep();
        ownership.release("a");

        ownership.sweep();

        assertThat(ownership.owned("a").orElseThrow().epoch()).isEqualTo(2);
        assertThat(events).containsExactly("acquired a@1", "released a@1", "announced a", "acquired a@2");
        assertThat(epochs.released()).containsExactly("a@1");
    }

    @Test
    void shouldGiveTheLeaseBackWhenTheEpochCannotBeAdvanced() {
        epochs.fail();
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1));

        ownership.sweep();

        assertThat(ownership.ownedJobs()).isEmpty();
        assertThat(ownership.tokensUsed()).isZero();
        assertThat(leases.holders()).isEmpty();
    }

    @Test
    void shouldDropALostLeaseFreeItsTokensAndTellListeners() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1, "b", 1));
        ownership.sweep();
        String first = names(ownership).iterator().next();
        String other = first.equals("a") ? "b" : "a";
        leases.hold(LeaseKey.job(first), "replica-z");

        ownership.sweep();

        assertThat(names(ownership)).containsExactly(other);
        assertThat(events).contains("lost " + first + "@1");
        assertThat(ownership.tokensUsed()).isEqualTo(1);
    }

    @Test
    void shouldGiveUpAJobWhoseLeaseIsInDangerAndClaimAgainLater() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1));
        ownership.sweep();

        leases.dangerCallback(LeaseKey.job("a")).run();

        assertThat(ownership.ownedJobs()).isEmpty();
        assertThat(ownership.tokensUsed()).isZero();
        assertThat(events).containsExactly("acquired a@1", "lost a@1");
        assertThat(leases.holders()).isEmpty();

        ownership.sweep();
        assertThat(names(ownership)).containsExactly("a");
        assertThat(ownership.owned("a").orElseThrow().epoch()).isEqualTo(2);
    }

    @Test
    void shouldHandleALeaseInDangerOnlyOnceEvenIfASweepAlsoSeesItLost() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1));
        ownership.sweep();
        leases.hold(LeaseKey.job("a"), "replica-z");
        ownership.sweep();

        leases.dangerCallback(LeaseKey.job("a")).run();

        assertThat(events).containsExactly("acquired a@1", "lost a@1");
        assertThat(ownership.tokensUsed()).isZero();
    }

    @Test
    void shouldKeepTheLeaseAndTokensOfAJobInDangerUntilItsExecutionHasEndedThenReleaseThem() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1, "b", 1));
        ownership.sweep();
        String first = names(ownership).iterator().next();
        OwnedJob run = startRun(ownership, first);

        leases.dangerCallback(LeaseKey.job(first)).run();

        assertThat(ownership.ownedJobs()).isEmpty();
        assertThat(events).contains("lost " + first + "@1");
        assertThat(ownership.tokensUsed()).as("tokens of the running execution").isEqualTo(1);
        ownership.sweep();
        assertThat(ownership.ownedJobs()).as("nothing claimed while it runs").isEmpty();
        assertThat(leases.released())
                .as("lease kept under the running execution")
                .isEmpty();
        assertThat(leases.holders()).containsKey(LeaseKey.job(first));
        assertThat(ownership.runStarting(run))
                .as("no new run of a job given up")
                .isFalse();

        ownership.runEnded(run);

        assertThat(leases.released()).containsExactly(LeaseKey.job(first));
        assertThat(ownership.tokensUsed()).isZero();
        ownership.sweep();
        assertThat(ownership.ownedJobs()).hasSize(1);
    }

    @Test
    void shouldKeepTheTokensOfALostJobUntilItsExecutionHasEnded() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1, "b", 1));
        ownership.sweep();
        String first = names(ownership).iterator().next();
        String other = first.equals("a") ? "b" : "a";
        OwnedJob run = startRun(ownership, first);
        leases.hold(LeaseKey.job(first), "replica-z");

        ownership.sweep();
        assertThat(ownership.ownedJobs()).isEmpty();
        assertThat(ownership.tokensUsed()).isEqualTo(1);

        ownership.runEnded(run);
        ownership.sweep();
        assertThat(names(ownership)).containsExactly(other);
        assertThat(leases.holders())
                .as("a lease taken over is not ours to delete")
                .containsEntry(LeaseKey.job(first), "replica-z");
    }

    /**
     * A stall between the safe time without a heartbeat and the lease (a GC pause, a SIGSTOP): the
     * sweep that runs first after it finds the lease in danger, not lost. The job is given up, and
     * its lease — which the lock client heartbeats again once the stall is over — is released when
     * its execution has ended, so the job runs again (here, on this very replica, at a new epoch)
     * instead of being held by nobody that runs it.
     */
    @Test
    void shouldReleaseALeaseASweepFoundInDangerOnceItsExecutionEndsThoughHeartbeatsResumed() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1));
        ownership.sweep();
        OwnedJob run = startRun(ownership, "a");

        leases.cutOff(stores.get("replica-a"));
        clock.step(Duration.ofSeconds(16)); // past lease - heartbeat (in danger), before the lease (lost)
        ownership.sweep();
        assertThat(ownership.ownedJobs()).isEmpty();
        assertThat(events).containsExactly("acquired a@1", "lost a@1");
        assertThat(ownership.tokensUsed()).as("tokens of the running execution").isEqualTo(1);

        leases.reconnect(stores.get("replica-a"));
        ownership.sweep();
        assertThat(leases.released()).as("kept while its execution runs").isEmpty();
        assertThat(leases.holders()).containsEntry(LeaseKey.job("a"), "replica-a");
        assertThat(ownership.ownedJobs()).isEmpty();

        ownership.runEnded(run);
        assertThat(leases.released()).containsExactly(LeaseKey.job("a"));
        ownership.sweep();
        assertThat(ownership.owned("a").orElseThrow().epoch())
                .as("free again, and taken again")
                .isEqualTo(2);
    }

    @Test
    void shouldClaimNothingWhilePostgresIsUnreachableAndGiveEveryJobUpAfterTheGrace() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1, "b", 1));
        ownership.sweep();
        String first = names(ownership).iterator().next();
        assertThat(leases.holders().keySet())
                .as("the other job is free: still, nothing may be claimed")
                .containsExactly(LeaseKey.job(first));

        databaseReachable = false;
        ownership.sweep();
        clock.step(Duration.ofSeconds(19));
        ownership.sweep();
        assertThat(names(ownership)).as("kept within the grace (one lease)").containsExactly(first);

        clock.step(Duration.ofSeconds(1));
        ownership.sweep();
        assertThat(ownership.ownedJobs()).isEmpty();
        assertThat(ownership.tokensUsed()).isZero();
        assertThat(leases.released()).containsExactly(LeaseKey.job(first));
        assertThat(events).contains("lost " + first + "@1");
        ownership.sweep();
        assertThat(ownership.ownedJobs())
                .as("nothing claimed while unreachable")
                .isEmpty();

        databaseReachable = true;
        ownership.sweep();
        assertThat(ownership.ownedJobs()).hasSize(1);
    }

    /**
     * Cut off from PostgreSQL, a run can commit nothing (and the fence rejects it later): its lease
     * goes at once so that a replica that reaches PostgreSQL adopts the job, but its tokens stay
     * counted, and no new run starts, until it has ended.
     */
    @Test
    void shouldLetTheLeaseOfARunCutOffFromPostgresGoAtOnceButKeepItsTokensUntilItEnds() {
        JobOwnership ownership = ownership("replica-a", 1, Map.of("a", 1));
        ownership.sweep();
        OwnedJob run = startRun(ownership, "a");

        databaseReachable = false;
        ownership.sweep();
        clock.step(Duration.ofSeconds(20));
        ownership.sweep();

        assertThat(ownership.ownedJobs()).isEmpty();
        assertThat(leases.released()).as("released under the cut-off run").containsExactly(LeaseKey.job("a"));
        assertThat(leases.holders()).isEmpty();
        assertThat(ownership.tokensUsed()).as("tokens of the run still going").isEqualTo(1);
        assertThat(ownership.runStarting(run)).isFalse();

        databaseReachable = true;
        ownership.sweep();
        assertThat(ownership.ownedJobs())
                .as("not claimed again while the run goes")
                .isEmpty();

        ownership.runEnded(run);
        assertThat(ownership.tokensUsed()).isZero();
        assertThat(leases.released()).as("not released twice").hasSize(1);
        ownership.sweep();
        assertThat(ownership.owned("a").orElseThrow().epoch()).isEqualTo(2);
    }

    @Test
    void shouldHandASecondMonitorOverWhenAnotherMemberCouldRunItButKeepItWhenNobodyTakesIt() {
        Map<String, Duration> monitors =
                Map.of("monitor-1", Duration.ofSeconds(10), "monitor-2", Duration.ofSeconds(60));
        members.add(member("replica-a", 2, true));
        members.add(member("replica-idle", 0, true));
        members.add(member("replica-unmonitored", 2, false));
        JobOwnership ownership = ownership("replica-a", 2, Map.of(), monitors);
        ownership.sweep();
        assertThat(names(ownership))
                .as("no other member could run a monitor")
                .containsExactlyInAnyOrder("monitor-1", "monitor-2");

        members.add(member("replica-b", 2, true));
        OwnedJob monitorRun = startRun(ownership, "monitor-2");
        ownership.sweep();
        assertThat(names(ownership)).as("not while it runs").containsExactlyInAnyOrder("monitor-1", "monitor-2");
        assertThat(handOvers).as("not asked while it runs").isEmpty();
        ownership.runEnded(monitorRun);
        ownership.sweep();
        assertThat(names(ownership))
                .as("asked of its tick, not done by the sweep")
                .hasSize(2);
        assertThat(handOvers).extracting(HandOver::job).containsExactly("monitor-2");
        tick(ownership);
        assertThat(names(ownership)).as("the later monitor handed over").containsExactly("monitor-1");
        assertThat(events).contains("released monitor-2@1", "announced monitor-2");

        clock.step(Duration.ofSeconds(31)); // past the hold-off (lease + claim interval), replica-b never took it
        ownership.sweep();
        ownership.sweep();
        assertThat(names(ownership))
                .as("taken back and kept while the members are the same")
                .containsExactlyInAnyOrder("monitor-1", "monitor-2");

        members.add(member("replica-c", 2, true));
        absentFromDatabase.add("replica-c");
        ownership.sweep();
        tick(ownership);
        assertThat(names(ownership))
                .as("a new member that cannot reach PostgreSQL")
                .containsExactlyInAnyOrder("monitor-1", "monitor-2");
        absentFromDatabase.clear();
        ownership.sweep();
        tick(ownership);
        assertThat(names(ownership)).as("a new member: handed over again").containsExactly("monitor-1");
    }

    private static LeaseRecord member(String instanceId, int tokens, boolean monitors) {
        return new LeaseRecord(
                LeaseKey.member(instanceId).value(),
                instanceId,
                Map.of("tokens", Integer.toString(tokens), "monitors", Boolean.toString(monitors)));
    }

    @Test
    void shouldOwnNothingWithoutTokens() {
        JobOwnership ownership = ownership("replica-a", 0, Map.of("a", 1, "free", 0));

        ownership.sweep();

        assertThat(ownership.ownedJobs()).isEmpty();
        assertThat(leases.attempts()).isZero();
    }

    @Test
    void shouldAcquireNothingAfterClaimingStopped() {
        JobOwnership ownership = ownership("replica-a", 2, Map.of("a", 1));
        ownership.stopClaiming();

        ownership.sweep();

        assertThat(ownership.ownedJobs()).isEmpty();
    }

    @Test
    void shouldKeepTheLeasesOfJobsStillRunningWhenReleasingAtShutdown() {
        JobOwnership ownership = ownership("replica-a", 2, Map.of("a", 1, "b", 1));
        ownership.sweep();

        ownership.releaseAllExcept(Set.of("b"), Duration.ofSeconds(10));

        assertThat(names(ownership)).containsExactly("b");
        assertThat(leases.holders().keySet()).containsExactly(LeaseKey.job("b"));
    }

    private JobOwnership ownership(String instanceId, int tokens, Map<String, Integer> weights) {
        return ownership(instanceId, tokens, weights, Map.of());
    }

    private JobOwnership ownership(
            String instanceId, int tokens, Map<String, Integer> weights, Map<String, Duration> monitors) {
        Map<String, JobProperties> jobs = new LinkedHashMap<>();
        weights.forEach((name, weight) -> jobs.put(
                name, new JobProperties(Duration.ofSeconds(10), Duration.ZERO, weight, Duration.ofHours(1), true)));
        CatalogProperties catalog = new CatalogProperties(jobs, enabled(jobs, monitors), monitors.keySet(), tokens);
        OwnershipProperties settings = new OwnershipProperties(
                Duration.ofSeconds(20),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                null,
                OwnershipProperties.FILL,
                null,
                8,
                claimsInFlight);
        OwnershipListener recorder = new OwnershipListener() {
            @Override
            public void onAcquired(OwnedJob job) {
                events.add("acquired " + job.name() + "@" + job.epoch());
            }

            @Override
            public void onReleased(OwnedJob job) {
                events.add("released " + job.name() + "@" + job.epoch());
            }

            @Override
            public void onLost(OwnedJob job) {
                events.add("lost " + job.name() + "@" + job.epoch());
            }

            @Override
            public void onHandOverRequested(HandOver handOver) {
                handOvers.add(handOver);
            }
        };
        JobOwnership ownership = new JobOwnership(
                new ReplicaIdentity(instanceId),
                catalog,
                settings,
                stores.computeIfAbsent(instanceId, leases::store),
                epochs,
                clock,
                job -> events.add("announced " + job),
                new DatabaseCheck() {
                    @Override
                    public boolean checkIn() {
                        return databaseReachable;
                    }

                    @Override
                    public Set<String> checkedInWithin(Duration within) {
                        Set<String> present = new HashSet<>();
                        members.forEach(member -> present.add(member.name()));
                        present.removeAll(absentFromDatabase);
                        return present;
                    }
                },
                new LeaseProbe() {
                    @Override
                    public List<LeaseRecord> list() {
                        List<LeaseRecord> all = new ArrayList<>(members);
                        leases.records().stream().filter(LeaseRecord::isJob).forEach(all::add);
                        return all;
                    }

                    @Override
                    public Result reclaim(LeaseRecord idle) {
                        throw new UnsupportedOperationException("no monitors here");
                    }

                    @Override
                    public void ping() {}

                    @Override
                    public void close() {}
                },
                new LeaseSightings(Duration.ofSeconds(20), clock::nanoTime));
        ownership.addListener(recorder);
        return ownership;
    }

    /** The enabled catalog as {@code ScalePocProperties} builds it: the jobs, then the monitors (weight 0). */
    private static Map<String, JobProperties> enabled(Map<String, JobProperties> jobs, Map<String, Duration> monitors) {
        Map<String, JobProperties> enabled = new LinkedHashMap<>(jobs);
        monitors.forEach((name, interval) ->
                enabled.putIfAbsent(name, new JobProperties(interval, Duration.ZERO, 0, Duration.ofMinutes(1), true)));
        return enabled;
    }

    private static Set<String> names(JobOwnership ownership) {
        return ownership.ownedJobs().stream().map(OwnedJob::name).collect(Collectors.toSet());
    }
}
