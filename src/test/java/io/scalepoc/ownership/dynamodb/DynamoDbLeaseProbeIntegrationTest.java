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
 * The monitors' probe against owners' leases on a real DynamoDB Local: held leases stay held and
 * untouched, free ones are taken and deleted at once, and an owner that stopped heartbeating is
 * recognised after one of its leases on the probe's own clock.
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
        probe = new DynamoDbLeaseProbe(dynamo, tableName, "monitor/probe", Duration.ofSeconds(2));
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
        assertThat(probe.probe(LeaseKey.job("nobody"))).isEqualTo(Result.FREE);

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

        await().during(LEASE.plusSeconds(1))
                .atMost(LEASE.plusSeconds(3))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> probe.probe(LeaseKey.job("busy")) == Result.HELD);

        assertThat(lease.isHeld()).isTrue();
        assertThat(item("job#busy").get("ownerName").s()).isEqualTo("replica-a");
    }

    @Test
    void shouldFindTheLeaseOfAnOwnerThatStoppedHeartbeatingFreeAfterOneLease() {
        AtomicBoolean cut = new AtomicBoolean();
        LeaseStore owner = owner("replica-a", cut);
        owner.tryAcquire(LeaseKey.job("orphan"), Map.of("owner", "replica-a")).orElseThrow();
        assertThat(probe.probe(LeaseKey.job("orphan"))).isEqualTo(Result.HELD);

        cut.set(true); // heartbeats stop reaching DynamoDB, as if the owner had died
        long cutAt = System.nanoTime();

        await().atMost(LEASE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> probe.probe(LeaseKey.job("orphan")) == Result.FREE);
        assertThat(Duration.ofNanos(System.nanoTime() - cutAt)).isGreaterThanOrEqualTo(LEASE);
        assertThat(item("job#orphan")).as("the probe deleted the lease again").isEmpty();
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
        ClusterView view = new ClusterView(probe);
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

        LeaseProbe missing = new DynamoDbLeaseProbe(dynamo, "no-such-table", "monitor/probe", Duration.ofSeconds(2));
        closeables.add(missing);
        assertThatThrownBy(missing::ping)
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("no-such-table");
        assertThatThrownBy(missing::list).isInstanceOf(DependencyUnavailableException.class);
        assertThat(new ClusterView(missing).snapshot().complete()).isFalse();
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
