package io.scalepoc.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.ownership.OwnershipAction.DeleteLease;
import io.scalepoc.ownership.OwnershipAction.RequestLease;
import io.scalepoc.ownership.OwnershipAction.Schedule;
import io.scalepoc.ownership.OwnershipAction.Unschedule;
import io.scalepoc.ownership.OwnershipEvent.Trouble;
import io.scalepoc.testsupport.InMemoryLeaseTable;
import io.scalepoc.testsupport.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Walks every event in every state the {@link OwnershipMachine} can reach, and checks its invariants
 * after each transition. A {@link World} plays the driver and the rest of the replica around the
 * machine — the sweep that asks the in-memory lease table for a lease, the deletes that are still in
 * flight, the tick that runs the job, the stepped clock — so the interleavings include a delete not
 * carried out yet, a grant that arrives after a give-up, a tick of an epoch no longer owned. States
 * are compared by what the machine and the world know of each job (phase, run going, lease held,
 * delete in flight, hand-over asked, hold-off running, schedule), so the walk ends; each state is
 * rebuilt by replaying the events that first reached it.
 */
class OwnershipMachineTest {

    private static final String REPLICA = "replica-a";
    /** Two jobs whose weights together exceed the tokens: the budget decides between them. */
    private static final Map<String, Integer> WEIGHTS = Map.of("a", 1, "b", 2);

    private static final int CAPACITY = 2;

    @Test
    void shouldKeepEveryInvariantForEveryEventInEveryReachableState() {
        Map<String, List<Step>> reached = new LinkedHashMap<>();
        ArrayDeque<List<Step>> frontier = new ArrayDeque<>();
        World start = new World();
        reached.put(start.state(), List.of());
        frontier.add(List.of());
        Set<String> accepted = new TreeSet<>();
        Set<JobPhase> phases = EnumSet.noneOf(JobPhase.class);
        int transitions = 0;
        while (!frontier.isEmpty()) {
            List<Step> path = frontier.poll();
            for (Step step : World.steps()) {
                World world = World.replay(path);
                phases.add(world.machine.phase(step.job() == null ? "a" : step.job()));
                String before = world.state();
                boolean took = world.take(step);
                transitions++;
                world.assertInvariants(path, step);
                if (step.kind() == Kind.LEASE_HELD) {
                    assertThat(world.state())
                            .as("a heartbeat that recovers undoes nothing")
                            .isEqualTo(before);
                }
                if (took) {
                    accepted.add(step.kind().name());
                }
                String state = world.state();
                if (!reached.containsKey(state)) {
                    List<Step> longer = new ArrayList<>(path);
                    longer.add(step);
                    reached.put(state, longer);
                    frontier.add(longer);
                }
            }
        }
        System.out.printf(
                "Ownership machine: %d states reached, %d transitions checked%n", reached.size(), transitions);
        assertThat(phases).as("every phase is reachable").containsExactlyInAnyOrder(JobPhase.values());
        assertThat(accepted)
                .as("every event is accepted somewhere")
                .containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(EnumSet.of(Kind.LEASE_HELD)).stream()
                        .map(Kind::name)
                        .toList());
    }

    /** What can happen, to one job (or, for the last two, to the replica). */
    enum Kind {
        CLAIM,
        GRANTED,
        EPOCH_FAILED,
        UNAVAILABLE,
        LEASE_HELD,
        IN_DANGER,
        LOST,
        DATABASE_OUTAGE,
        RELEASE,
        HAND_OVER,
        TICK,
        TICK_OF_AN_OLD_EPOCH,
        RUN_STARTING,
        RUN_ENDED,
        DELETE_DONE,
        TAKEN_ELSEWHERE,
        STOP_CLAIMING,
        TIME_PASSES
    }

    record Step(Kind kind, String job) {}

    /** The machine, and everything around it a replica has, in memory. */
    static final class World {

        final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-01T10:00:00Z"));
        final InMemoryLeaseTable table = new InMemoryLeaseTable(
                Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(5), clock::nanoTime);
        final LeaseStore store = table.store(REPLICA);
        final OwnershipMachine machine = new OwnershipMachine(CAPACITY, clock);
        /** A lease the sweep got for a claim, not reported yet. */
        final Map<String, Lease> granted = new HashMap<>();
        /** The deletes decided and not carried out yet. */
        final Map<String, Lease> deleting = new HashMap<>();

        final Map<String, OwnedJob> lastOwned = new HashMap<>();
        final Set<String> scheduled = new HashSet<>();
        final Set<String> running = new HashSet<>();
        /** Jobs given up for a PostgreSQL outage while their run went on: the run can commit nothing. */
        final Set<String> cutOff = new HashSet<>();

        long epochs;
        /** The steps that led here, for the assertions' messages. */
        List<Step> path = List.of();

        static List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            for (String job : new TreeSet<>(WEIGHTS.keySet())) {
                for (Kind kind : Kind.values()) {
                    if (kind != Kind.STOP_CLAIMING && kind != Kind.TIME_PASSES) {
                        steps.add(new Step(kind, job));
                    }
                }
            }
            steps.add(new Step(Kind.STOP_CLAIMING, null));
            steps.add(new Step(Kind.TIME_PASSES, null));
            return steps;
        }

        static World replay(List<Step> path) {
            World world = new World();
            path.forEach(world::take);
            return world;
        }

        /** Feeds the event {@code step} stands for, as the driver would, and carries out the actions. */
        boolean take(Step step) {
            List<Step> taken = new ArrayList<>(path);
            taken.add(step);
            path = taken;
            String job = step.job();
            OwnedJob owned = job == null ? null : machine.owned(job).orElse(null);
            switch (step.kind()) {
                case TIME_PASSES -> {
                    clock.step(Duration.ofSeconds(45)); // past every hold-off, and every hand-over lapses
                    return true;
                }
                case STOP_CLAIMING -> {
                    return feed(new OwnershipEvent.StopClaiming());
                }
                case CLAIM -> {
                    return feed(new OwnershipEvent.Claim(job, WEIGHTS.get(job)));
                }
                case GRANTED -> {
                    if (machine.phase(job) == JobPhase.ACQUIRING && !granted.containsKey(job)) {
                        return false; // the table granted nothing: the sweep reports UNAVAILABLE
                    }
                    Lease lease = Optional.ofNullable(granted.remove(job)).orElseGet(() -> new Stray(job));
                    return feed(new OwnershipEvent.Granted(
                            new OwnedJob(job, ++epochs, WEIGHTS.get(job), clock.instant(), lease)));
                }
                case EPOCH_FAILED -> {
                    if (machine.phase(job) == JobPhase.ACQUIRING && !granted.containsKey(job)) {
                        return false;
                    }
                    Lease lease = granted.remove(job);
                    return feed(
                            new OwnershipEvent.Refused(job, "epoch_failed", lease == null ? new Stray(job) : lease));
                }
                case UNAVAILABLE -> {
                    Lease lease = granted.remove(job);
                    if (lease != null) {
                        store.release(lease); // as though the table had not granted it
                    }
                    return feed(new OwnershipEvent.Refused(job, "unavailable", null));
                }
                case LEASE_HELD -> {
                    return feed(new OwnershipEvent.LeaseHeld(job));
                }
                case IN_DANGER, LOST, DATABASE_OUTAGE -> {
                    if (step.kind() == Kind.DATABASE_OUTAGE && running.contains(job)) {
                        cutOff.add(job);
                    }
                    return feed(new OwnershipEvent.GiveUp(
                            job, Trouble.valueOf(step.kind().name())));
                }
                case RELEASE -> {
                    return feed(new OwnershipEvent.ReleaseRequested(job, Duration.ofSeconds(30), "test"));
                }
                case HAND_OVER -> {
                    return feed(new OwnershipEvent.HandOverRequested(new HandOver(
                            job,
                            HandOver.Kind.REBALANCE,
                            "test",
                            Duration.ofSeconds(40),
                            clock.instant().plusSeconds(10))));
                }
                case TICK -> {
                    return owned != null && feed(new OwnershipEvent.Tick(owned));
                }
                case TICK_OF_AN_OLD_EPOCH -> {
                    OwnedJob old = lastOwned.get(job);
                    return old != null && old != owned && !feed(new OwnershipEvent.Tick(old));
                }
                case RUN_STARTING -> {
                    if (owned != null && !running.contains(job) && feed(new OwnershipEvent.RunStarting(owned))) {
                        running.add(job);
                        return true;
                    }
                    return false;
                }
                case RUN_ENDED -> {
                    OwnedJob ran = lastOwned.get(job);
                    if (ran != null && running.remove(job)) {
                        cutOff.remove(job);
                        return feed(new OwnershipEvent.RunEnded(ran));
                    }
                    return false;
                }
                case DELETE_DONE -> {
                    Lease lease = deleting.remove(job);
                    if (lease == null) {
                        return false;
                    }
                    if (!(lease instanceof Stray)) {
                        store.release(lease);
                    }
                    return feed(new OwnershipEvent.LeaseDeleted(job, lease));
                }
                case TAKEN_ELSEWHERE -> {
                    return feed(new OwnershipEvent.TakenElsewhere(job));
                }
            }
            throw new IllegalStateException("unknown step " + step);
        }

        private boolean feed(OwnershipEvent event) {
            OwnershipMachine.Step step = machine.apply(event);
            for (OwnershipAction action : step.actions()) {
                if (action instanceof RequestLease request) {
                    store.tryAcquire(LeaseKey.job(request.job()), Map.of("owner", REPLICA), () -> {})
                            .ifPresent(lease -> granted.put(request.job(), lease));
                } else if (action instanceof Schedule schedule) {
                    assertThat(scheduled.add(schedule.owned().name()))
                            .as("scheduled once")
                            .isTrue();
                    lastOwned.put(schedule.owned().name(), schedule.owned());
                } else if (action instanceof Unschedule unschedule) {
                    scheduled.remove(unschedule.owned().name());
                } else if (action instanceof DeleteLease delete) {
                    if (delete.lease() instanceof Stray) {
                        continue; // a lease never asked for: given back at once, nothing to wait for
                    }
                    if (!cutOff.contains(delete.job())) {
                        assertThat(running)
                                .as("%s: a lease is never deleted while a run of the job goes here", path)
                                .doesNotContain(delete.job());
                    }
                    assertThat(deleting).as("%s: one delete at a time", path).doesNotContainKey(delete.job());
                    deleting.put(delete.job(), delete.lease());
                }
            }
            return step.accepted();
        }

        void assertInvariants(List<Step> path, Step last) {
            String where = "after " + path + " then " + last;
            int counted = 0;
            for (String job : WEIGHTS.keySet()) {
                JobPhase phase = machine.phase(job);
                if (phase != JobPhase.FREE && phase != JobPhase.HELD_OFF) {
                    counted += WEIGHTS.get(job);
                }
                boolean ownedHere = phase == JobPhase.OWNED || phase == JobPhase.RUNNING;
                assertThat(scheduled.contains(job))
                        .as("%s: job %s is scheduled exactly while owned (%s)", where, job, phase)
                        .isEqualTo(ownedHere);
                if (running.contains(job)) {
                    assertThat(phase)
                            .as("%s: a run of %s goes on only while it is running or retiring", where, job)
                            .isIn(JobPhase.RUNNING, JobPhase.RETIRING);
                }
                boolean heldHere = REPLICA.equals(table.holders().get(LeaseKey.job(job)));
                if (heldHere) {
                    assertThat(phase)
                            .as("%s: a lease heartbeated here belongs to a job owned, acquiring or retiring", where)
                            .isIn(
                                    JobPhase.ACQUIRING,
                                    JobPhase.OWNED,
                                    JobPhase.RUNNING,
                                    JobPhase.RETIRING,
                                    JobPhase.RELEASING);
                }
                if (ownedHere || (phase == JobPhase.RETIRING && !cutOff.contains(job))) {
                    assertThat(heldHere)
                            .as("%s: the lease of %s is ours while %s", where, job, phase)
                            .isTrue();
                }
            }
            assertThat(machine.used()).as("%s: tokens in use", where).isEqualTo(counted);
            assertThat(machine.used()).as("%s: tokens never over budget", where).isLessThanOrEqualTo(CAPACITY);
        }

        /** What tells two worlds apart, for the walk. */
        String state() {
            StringBuilder state = new StringBuilder(machine.isClaiming() ? "claiming" : "stopped");
            for (String job : new TreeSet<>(WEIGHTS.keySet())) {
                OwnedJob owned = machine.owned(job).orElse(null);
                state.append(" | ")
                        .append(job)
                        .append(':')
                        .append(machine.describe(job).replaceAll(" until .*", " held off"))
                        .append(running.contains(job) ? " run" : "")
                        .append(cutOff.contains(job) ? " cut-off" : "")
                        .append(granted.containsKey(job) ? " granted" : "")
                        .append(deleting.containsKey(job) ? " deleting" : "")
                        .append(REPLICA.equals(table.holders().get(LeaseKey.job(job))) ? " held" : "")
                        .append(machine.mayClaim(job, 0) ? " claimable" : "")
                        .append(lastOwned.containsKey(job) && owned == null ? " was-owned" : "");
            }
            return state.toString();
        }
    }

    /** A lease nobody asked the table for: what an impossible event carries. */
    private record Stray(String job) implements Lease {
        @Override
        public LeaseKey key() {
            return LeaseKey.job(job);
        }

        @Override
        public boolean isHeld() {
            return false;
        }

        @Override
        public boolean isLost() {
            return true;
        }
    }
}
