package io.scalepoc.ownership.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.scalepoc.ownership.ClusterSnapshot;
import io.scalepoc.ownership.ClusterView;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.LeaseProbe;
import io.scalepoc.ownership.LeaseProbe.Result;
import io.scalepoc.ownership.LeaseRecord;
import io.scalepoc.ownership.LeaseSightings;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.Member;
import io.scalepoc.support.DependencyUnavailableException;
import io.scalepoc.testsupport.TestDynamoDb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The lock table read by scans against owners' leases on a real DynamoDB Local: held leases stay
 * held and untouched, missing ones are free without a write, a lease whose owner stopped
 * heartbeating is recognised one lease after it was last renewed (on the reader's own clock) and
 * reclaimed or taken over only on the version seen.
 */
class DynamoDbLeaseProbeIntegrationTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private String tableName;
    private DynamoDbClient dynamo;
    private LeaseProbe probe;

    @BeforeEach
    void createTable() {
        tableName = TestDynamoDb.newTableName();
        dynamo = TestDynamoDb.client();
        LockTable.ensure(dynamo, TestDynamoDb.properties(tableName));
        probe = new DynamoDbLeaseProbe(dynamo, tableName);
        closeables.add(probe);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    @Test
    void shouldFindAMissingLeaseFreeAndLeaveNothingBehind() {
        assertThat(monitorView().observe(List.of("nobody")).jobLeases()).containsEntry("nobody", Result.FREE);

        assertThat(item("job#nobody")).isEmpty();
        LeaseStore owner = owner("replica-a", new AtomicBoolean());
        assertThat(owner.tryAcquire(LeaseKey.job("nobody"), Map.of()))
                .as("adoptable at once")
                .isPresent();
    }

    @Test
    void shouldFindALiveLeaseHeldForLongerThanItsLeaseAndNeverDisturbIt() {
        LeaseStore owner = owner("replica-a", new AtomicBoolean());
        var lease = owner.tryAcquire(LeaseKey.job("busy"), Map.of("owner", "replica-a"))
                .orElseThrow();

        ClusterView view = monitorView();
        await().during(LEASE.plusSeconds(1))
                .atMost(LEASE.plusSeconds(3))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> view.observe(List.of("busy")).jobLeases().get("busy") == Result.HELD);

        assertThat(lease.isHeld()).isTrue();
        assertThat(item("job#busy").get("ownerName").s()).isEqualTo("replica-a");
    }

    @Test
    void shouldFindTheLeaseOfAnOwnerThatStoppedHeartbeatingFreeAfterOneLease() {
        AtomicBoolean cut = new AtomicBoolean();
        LeaseStore owner = owner("replica-a", cut);
        owner.tryAcquire(LeaseKey.job("orphan"), Map.of("owner", "replica-a")).orElseThrow();
        ClusterView view = monitorView();
        assertThat(view.observe(List.of("orphan")).jobLeases()).containsEntry("orphan", Result.HELD);

        cut.set(true); // heartbeats stop reaching DynamoDB, as if the owner had died
        long cutAt = System.nanoTime();

        await().atMost(LEASE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> view.observe(List.of("orphan")).jobLeases().get("orphan") == Result.FREE);
        assertThat(Duration.ofNanos(System.nanoTime() - cutAt))
                .as("a lease after its last heartbeat")
                .isGreaterThanOrEqualTo(LEASE.minus(HEARTBEAT));
        assertThat(item("job#orphan"))
                .as("the stood-still lease was reclaimed (deleted)")
                .isEmpty();
    }

    @Test
    void shouldSeeByScanAloneWhichLeaseStandsStillAndTakeItOverOnlyOnTheVersionSeen() {
        AtomicBoolean deadCut = new AtomicBoolean();
        LeaseStore live = owner("live", new AtomicBoolean());
        LeaseStore dead = owner("dead", deadCut);
        LeaseStore taker = owner("taker", new AtomicBoolean());
        live.tryAcquire(LeaseKey.job("busy"), Map.of("owner", "live")).orElseThrow();
        dead.tryAcquire(LeaseKey.job("orphan"), Map.of("owner", "dead")).orElseThrow();
        LeaseSightings sightings = new LeaseSightings(LEASE, System::nanoTime);
        LeaseSightings.Table first = sightings.scan(probe);
        assertThat(first.state(LeaseKey.job("orphan"))).as("first sight: live").isEqualTo(LeaseSightings.State.LIVE);
        assertThat(first.state(LeaseKey.job("nobody"))).isEqualTo(LeaseSightings.State.FREE);
        assertThat(first.record(LeaseKey.job("busy")).orElseThrow().leaseDurationNanos())
                .as("the lock client writes its lease duration with the item")
                .isEqualTo(LEASE.toNanos());

        deadCut.set(true); // the holder of "orphan" stops heartbeating, as if it had died
        long cutAt = System.nanoTime();
        List<LeaseSightings.State> busyStates = new ArrayList<>();
        LeaseSightings.Table idle = await().atMost(LEASE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> {
                            LeaseSightings.Table table = sightings.scan(probe);
                            busyStates.add(table.state(LeaseKey.job("busy")));
                            return table;
                        },
                        table -> table.state(LeaseKey.job("orphan")) == LeaseSightings.State.IDLE);
        assertThat(Duration.ofNanos(System.nanoTime() - cutAt)).isGreaterThanOrEqualTo(LEASE.minus(HEARTBEAT));
        assertThat(busyStates)
                .as("a lease renewed every heartbeat never stands still")
                .containsOnly(LeaseSightings.State.LIVE);
        String version =
                String.valueOf(idle.record(LeaseKey.job("orphan")).orElseThrow().version());

        assertThat(taker.takeOver(LeaseKey.job("orphan"), "another-version", Map.of("owner", "taker"), () -> {}))
                .as("not on a version it did not see")
                .isEmpty();
        assertThat(taker.takeOver(LeaseKey.job("orphan"), version, Map.of("owner", "taker"), () -> {}))
                .isPresent();
        assertThat(item("job#orphan").get("owner").s()).isEqualTo("taker");
        await().atMost(LEASE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> !String.valueOf(item("job#orphan")
                                        .get("recordVersionNumber")
                                        .s())
                                .equals(version)
                        && sightings.scan(probe).state(LeaseKey.job("orphan")) == LeaseSightings.State.LIVE);
        await().during(HEARTBEAT.multipliedBy(3))
                .atMost(HEARTBEAT.multipliedBy(5))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sightings.scan(probe).state(LeaseKey.job("orphan")) == LeaseSightings.State.LIVE);
        assertThat(taker.takeOver(LeaseKey.job("orphan"), version, Map.of("owner", "taker"), () -> {}))
                .as("the version it took over is gone: the taker's lock client renews the lease")
                .isEmpty();

        LeaseRecord staleBusy = first.record(LeaseKey.job("busy")).orElseThrow();
        assertThat(probe.reclaim(staleBusy))
                .as("reclaiming on a version the holder has renewed since does nothing")
                .isEqualTo(Result.HELD);
        assertThat(item("job#busy").get("owner").s()).isEqualTo("live");
    }

    @Test
    void shouldListLeasesAndTellLiveMembersFromDeadOnes() {
        AtomicBoolean deadCut = new AtomicBoolean();
        LeaseStore live = owner("live", new AtomicBoolean());
        LeaseStore dead = owner("dead", deadCut);
        live.tryAcquire(LeaseKey.member("live"), Map.of("tokens", "3", "address", "10.0.0.1:8080"))
                .orElseThrow();
        live.tryAcquire(LeaseKey.job("a"), Map.of("owner", "live")).orElseThrow();
        dead.tryAcquire(LeaseKey.member("dead"), Map.of("tokens", "2", "address", "10.0.0.2:8080"))
                .orElseThrow();
        dead.tryAcquire(LeaseKey.job("b"), Map.of("owner", "dead")).orElseThrow();

        assertThat(probe.list())
                .extracting(LeaseRecord::key)
                .containsExactlyInAnyOrder("member#live", "member#dead", "job#a", "job#b");
        ClusterView view = new ClusterView(probe, new LeaseSightings(LEASE, System::nanoTime));
        ClusterSnapshot before = view.snapshot();
        assertThat(before.complete()).isTrue();
        assertThat(before.liveTokens()).isEqualTo(5);
        assertThat(before.jobOwners()).containsEntry("a", "live").containsEntry("b", "dead");

        deadCut.set(true);
        await().atMost(LEASE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> view.snapshot().departed().contains("dead"));

        ClusterSnapshot after = view.snapshot();
        assertThat(after.members()).containsExactly(new Member("live", 3, "10.0.0.1:8080", List.of("a")));
        assertThat(after.liveTokens()).isEqualTo(3);
        assertThat(item("member#dead")).as("a dead member's lease is removed").isEmpty();
    }

    @Test
    void shouldPingTheTableAndFailClearlyWhenItIsMissing() {
        probe.ping();

        LeaseProbe missing = new DynamoDbLeaseProbe(dynamo, "no-such-table");
        closeables.add(missing);
        assertThatThrownBy(missing::ping)
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("no-such-table");
        assertThatThrownBy(missing::list).isInstanceOf(DependencyUnavailableException.class);
        assertThat(new ClusterView(missing, new LeaseSightings(LEASE, System::nanoTime))
                        .snapshot()
                        .complete())
                .isFalse();
    }

    /** What a global monitor reads: one scan per observation, sightings kept across them. */
    private ClusterView monitorView() {
        return new ClusterView(probe, new LeaseSightings(LEASE, System::nanoTime));
    }

    private Map<String, AttributeValue> item(String key) {
        return dynamo.getItem(request ->
                        request.tableName(tableName).consistentRead(true).key(Map.of("key", AttributeValue.fromS(key))))
                .item();
    }

    /** A lease store whose requests fail while {@code cut} is set. */
    private LeaseStore owner(String owner, AtomicBoolean cut) {
        DynamoDbClient client = TestDynamoDb.cuttableClient(cut);
        LeaseStore store = new DynamoDbLeaseStore(client, tableName, owner, LEASE, HEARTBEAT);
        closeables.add(store);
        return store;
    }
}
