package io.scalepoc.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LeaseStore} must guarantee, whatever stores the leases. Two stores stand for two
 * replicas. Implementations use a short lease so expiry takes seconds.
 */
public abstract class LeaseStoreContract {

    protected static final Duration LEASE = Duration.ofMillis(1500);
    protected static final Duration HEARTBEAT = Duration.ofMillis(300);

    private final List<LeaseStore> stores = new ArrayList<>();

    /** A store for replica {@code owner}, all stores of a test sharing one lease table. */
    protected abstract LeaseStore newStore(String owner);

    /** Makes {@code store} unable to reach the lease table, as a crashed or partitioned replica: nothing is released. */
    protected abstract void cutOff(LeaseStore store);

    protected final LeaseStore store(String owner) {
        LeaseStore store = newStore(owner);
        stores.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(LeaseStore::close);
    }

    protected static LeaseKey uniqueJob() {
        return LeaseKey.job("job-" + UUID.randomUUID());
    }

    @Test
    void shouldAcquireALeaseNobodyHolds() {
        LeaseKey key = uniqueJob();

        Optional<Lease> lease = store("replica-a").tryAcquire(key, Map.of());

        assertThat(lease).isPresent();
        assertThat(lease.get().key()).isEqualTo(key);
        assertThat(lease.get().isHeld()).isTrue();
    }

    @Test
    void shouldNotAcquireALeaseThatAnotherReplicaKeepsAlive() {
        LeaseKey key = uniqueJob();
        LeaseStore holder = store("replica-a");
        LeaseStore other = store("replica-b");
        Lease held = holder.tryAcquire(key, Map.of()).orElseThrow();

        // Well past two lease durations of sweeping: heartbeats keep the lease, the other never gets it.
        await().during(LEASE.multipliedBy(3))
                .atMost(LEASE.multipliedBy(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> other.tryAcquire(key, Map.of()).isEmpty());
        assertThat(held.isHeld()).isTrue();
    }

    @Test
    void shouldLetAnotherReplicaAcquireAReleasedLeaseAtOnce() {
        LeaseKey key = uniqueJob();
        LeaseStore holder = store("replica-a");
        LeaseStore other = store("replica-b");
        Lease held = holder.tryAcquire(key, Map.of()).orElseThrow();
        assertThat(other.tryAcquire(key, Map.of())).isEmpty();

        assertThat(holder.release(held)).isTrue();

        assertThat(held.isHeld()).isFalse();
        assertThat(other.tryAcquire(key, Map.of())).isPresent();
    }

    @Test
    void shouldReleaseEveryLeaseWhenClosed() {
        LeaseKey first = uniqueJob();
        LeaseKey second = uniqueJob();
        LeaseStore holder = newStore("replica-a");
        LeaseStore other = store("replica-b");
        holder.tryAcquire(first, Map.of()).orElseThrow();
        holder.tryAcquire(second, Map.of()).orElseThrow();

        holder.close();

        assertThat(other.tryAcquire(first, Map.of())).isPresent();
        assertThat(other.tryAcquire(second, Map.of())).isPresent();
    }

    @Test
    void shouldLetAnotherReplicaAdoptALeaseWhoseHolderStoppedRenewingIt() {
        LeaseKey key = uniqueJob();
        LeaseStore holder = store("replica-a");
        LeaseStore adopter = store("replica-b");
        Lease held = holder.tryAcquire(key, Map.of()).orElseThrow();
        assertThat(adopter.tryAcquire(key, Map.of())).isEmpty();

        cutOff(holder);

        awaitAdoption(adopter, key);
        await().atMost(LEASE.multipliedBy(2)).until(() -> !held.isHeld());
    }

    @Test
    void shouldNotLetTheFormerHolderReleaseALeaseThatWasTakenOver() {
        LeaseKey key = uniqueJob();
        LeaseStore holder = store("replica-a");
        LeaseStore adopter = store("replica-b");
        Lease stale = holder.tryAcquire(key, Map.of()).orElseThrow();
        cutOff(holder);
        awaitAdoption(adopter, key);

        holder.release(stale);

        // The adopter still holds it: nobody else can take it.
        assertThat(store("replica-c").tryAcquire(key, Map.of())).isEmpty();
    }

    @Test
    void shouldNeitherTakeNorCreateALeaseWhenObservingIt() {
        LeaseKey held = uniqueJob();
        LeaseKey missing = uniqueJob();
        LeaseStore holder = store("replica-a");
        Lease lease = holder.tryAcquire(held, Map.of()).orElseThrow();

        store("replica-b").observe(List.of(held, missing));

        assertThat(lease.isHeld()).isTrue();
        assertThat(store("replica-c").tryAcquire(held, Map.of())).isEmpty();
        assertThat(store("replica-c").tryAcquire(missing, Map.of())).isPresent();
    }

    @Test
    void shouldTakeOverTheLeaseOfADeadPredecessorWithTheSameNameAtTheFirstAttemptALeaseAfterObservingIt() {
        LeaseKey key = uniqueJob();
        LeaseStore dead = store("replica-a");
        Lease lease = dead.tryAcquire(key, Map.of()).orElseThrow();
        cutOff(dead);
        await().atMost(LEASE).until(() -> !lease.isHeld()); // no heartbeat of the dead one is in flight
        LeaseStore restarted = store("replica-a"); // a process restarted in place keeps its name

        restarted.observe(List.of(key));
        assertThat(restarted.tryAcquire(key, Map.of())).isEmpty();

        AtomicInteger attemptsALeaseLater = new AtomicInteger();
        await().pollDelay(LEASE.plusMillis(100)).atMost(LEASE.multipliedBy(4)).until(() -> {
            attemptsALeaseLater.incrementAndGet();
            return restarted.tryAcquire(key, Map.of()).isPresent();
        });
        assertThat(attemptsALeaseLater).hasValue(1);
    }

    /** Sweeps as a replica's claim loop does until {@code adopter} takes {@code key} over. */
    private static void awaitAdoption(LeaseStore adopter, LeaseKey key) {
        await().atMost(LEASE.multipliedBy(6))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> adopter.tryAcquire(key, Map.of()).isPresent());
    }
}
