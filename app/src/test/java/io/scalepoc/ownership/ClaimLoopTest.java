package io.scalepoc.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.JobProperties;
import io.scalepoc.config.OwnershipProperties;
import io.scalepoc.testsupport.InMemoryEpochs;
import io.scalepoc.testsupport.InMemoryLeaseTable;
import io.scalepoc.testsupport.ManualScheduledExecutor;
import io.scalepoc.testsupport.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The claim loop of a replica with free tokens, driven by stepping the clock: when it adopts the
 * job of an owner that died, that it adopts a released job at once when the release is announced,
 * and that it registers a lapsed member lease again. The other replica is a {@link JobOwnership}
 * of its own over the same in-memory lease table.
 */
class ClaimLoopTest {

    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final Duration HEARTBEAT = Duration.ofSeconds(5);
    private static final Duration CLAIM_INTERVAL = Duration.ofSeconds(5);
    private static final String JOB = "orders-sync";

    private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final ManualScheduledExecutor executor = new ManualScheduledExecutor(clock);
    private final InMemoryLeaseTable table = new InMemoryLeaseTable(LEASE, HEARTBEAT, Duration.ZERO, clock::nanoTime);
    private final InMemoryEpochs epochs = new InMemoryEpochs();
    private final List<Consumer<String>> listeners = new ArrayList<>();

    private final LeaseStore ownersStore = table.store("owner");
    private final JobOwnership owner = ownership("owner", ownersStore);
    private final LeaseStore adoptersStore = table.store("adopter");
    private final JobOwnership adopter = ownership("adopter", adoptersStore);
    private final MemberLease adoptersMember = new MemberLease(adoptersStore, "adopter", LEASE, HEARTBEAT);
    private final ClaimLoop claimLoop =
            new ClaimLoop(adopter, CLAIM_INTERVAL, HEARTBEAT, new Channel(), adoptersMember, executor);

    @Test
    void shouldAdoptTheJobOfAnOwnerThatDiedALeaseAfterItsLastHeartbeatAtTheNextSweep() {
        owner.sweep();
        claimLoop.start();
        executor.advance(Duration.ofSeconds(12));
        assertThat(adopter.ownedJobs()).as("the owner renews its lease").isEmpty();

        table.cutOff(ownersStore); // kill -9
        Instant died = clock.instant();
        while (adopter.owned(JOB).isEmpty()) {
            executor.advance(Duration.ofMillis(100));
        }

        Duration adoptedAfter = Duration.between(died, clock.instant());
        assertThat(adoptedAfter)
                .as("a lease after the owner's last heartbeat, at the next sweep")
                .isGreaterThanOrEqualTo(LEASE.minus(HEARTBEAT))
                .isLessThanOrEqualTo(LEASE.plus(CLAIM_INTERVAL.multipliedBy(2)));
        assertThat(owner.owned(JOB).orElseThrow().lease().isHeld())
                .as("the dead owner's own view of its lease ended first")
                .isFalse();
        assertThat(adopter.owned(JOB).orElseThrow().epoch()).isEqualTo(2);
    }

    @Test
    void shouldAdoptWithinAHeartbeatPeriodOfTheLeaseRunningOutHoweverLongTheClaimInterval() {
        Duration longClaimInterval = Duration.ofMinutes(2);
        ClaimLoop scanning =
                new ClaimLoop(adopter, longClaimInterval, HEARTBEAT, new Channel(), adoptersMember, executor);
        owner.sweep();
        scanning.start();
        executor.advance(Duration.ofSeconds(12));

        table.cutOff(ownersStore); // kill -9
        Instant died = clock.instant();
        while (adopter.owned(JOB).isEmpty() && clock.instant().isBefore(died.plus(longClaimInterval))) {
            executor.advance(Duration.ofMillis(100));
        }

        assertThat(adopter.owned(JOB)).as("adopted before any claim sweep came").isPresent();
        assertThat(Duration.between(died, clock.instant()))
                .as("a lease after the owner's last heartbeat, seen by a scan within a heartbeat period")
                .isGreaterThanOrEqualTo(LEASE.minus(HEARTBEAT))
                .isLessThanOrEqualTo(LEASE.plus(HEARTBEAT));
    }

    @Test
    void shouldAdoptAnAnnouncedReleaseAtOnceRatherThanAtTheNextClaimInterval() {
        owner.sweep();
        claimLoop.start();
        executor.advance(Duration.ofSeconds(6));
        int sweeps = executor.tasksRun();

        owner.release(JOB);
        executor.runDue();

        assertThat(adopter.owned(JOB)).isPresent();
        assertThat(executor.tasksRun()).isEqualTo(sweeps + 1);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-12-02T10:00:06Z"));
    }

    @Test
    void shouldRegisterALapsedMemberLeaseAgainAtTheNextSweep() {
        adoptersMember.register(() -> Map.of("tokens", "1"));
        claimLoop.start();

        table.free(LeaseKey.member("adopter")); // it lapsed during a long pause, and a monitor removed it
        executor.advance(CLAIM_INTERVAL);

        assertThat(table.holders()).containsEntry(LeaseKey.member("adopter"), "adopter");
    }

    private JobOwnership ownership(String instanceId, LeaseStore store) {
        JobProperties job = new JobProperties(Duration.ofSeconds(10), Duration.ZERO, 1, Duration.ofHours(1), true);
        return new JobOwnership(
                new ReplicaIdentity(instanceId),
                new CatalogProperties(Map.of(JOB, job), Map.of(JOB, job), Set.of(), 1),
                new OwnershipProperties(LEASE, HEARTBEAT, CLAIM_INTERVAL, null, OwnershipProperties.FILL, null),
                store,
                epochs,
                clock,
                released -> listeners.forEach(listener -> listener.accept(released)),
                new DatabaseCheck() {
                    @Override
                    public boolean checkIn() {
                        return true;
                    }

                    @Override
                    public Set<String> checkedInWithin(Duration within) {
                        return Set.of("owner", "adopter");
                    }
                },
                new LeaseProbe() {
                    @Override
                    public List<LeaseRecord> list() {
                        return table.records();
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
                new LeaseSightings(LEASE, clock::nanoTime));
    }

    /** Announcements between the two replicas, delivered at once. */
    private final class Channel implements ReleaseChannel {

        @Override
        public void announce(String jobName) {
            listeners.forEach(listener -> listener.accept(jobName));
        }

        @Override
        public void listen(Consumer<String> onRelease) {
            listeners.add(onRelease);
        }

        @Override
        public void stop() {
            listeners.clear();
        }
    }
}
