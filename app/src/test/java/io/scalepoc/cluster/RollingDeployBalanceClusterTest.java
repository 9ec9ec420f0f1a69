package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fair balancing between replicas that see the cluster differently, as during a rolling deploy that
 * adds a job: the new replica's catalog has six jobs, the old one's five. By its own view the new
 * replica is above its share and the old one below; by the old one's view it is at its share and
 * would refuse another job. A replica hands a job over only when the receiver's own (published)
 * view says it would take it, and stays away from a job it handed over for two leases — so once
 * every job is owned, no job moves more than twice in ten claim intervals and none is left unowned
 * for longer than a lease.
 */
class RollingDeployBalanceClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration CLAIM_INTERVAL = Duration.ofSeconds(1);
    private static final List<String> OLD_CATALOG = List.of("j1", "j2", "j3", "j4", "j5");
    private static final List<String> NEW_CATALOG = List.of("j1", "j2", "j3", "j4", "j5", "j6");

    @Test
    void shouldNotTradeAJobBackAndForthBetweenReplicasWhoseCatalogsDiffer() {
        Cluster cluster = Cluster.create();
        try (Replica added = replica("a-new", cluster, NEW_CATALOG).start();
                Replica old = replica("b-old", cluster, OLD_CATALOG).start()) {
            await("every job of the new catalog owned")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> owners(added, old).keySet().containsAll(NEW_CATALOG));

            Map<String, String> lastOwner = new HashMap<>(owners(added, old));
            Map<String, Integer> moves = new HashMap<>();
            Map<String, Long> unownedSince = new HashMap<>();
            Map<String, Long> longestUnowned = new HashMap<>();
            long start = System.nanoTime();
            long window = CLAIM_INTERVAL.multipliedBy(10).toNanos();
            // sample who owns what every 100 ms for ten claim intervals
            await().pollInterval(Duration.ofMillis(100))
                    .atMost(CLAIM_INTERVAL.multipliedBy(12))
                    .until(() -> {
                        long now = System.nanoTime();
                        Map<String, String> owners = owners(added, old);
                        for (String job : NEW_CATALOG) {
                            String owner = owners.get(job);
                            if (owner == null) {
                                unownedSince.putIfAbsent(job, now);
                                longestUnowned.merge(job, now - unownedSince.get(job), Math::max);
                                continue;
                            }
                            unownedSince.remove(job);
                            String before = lastOwner.put(job, owner);
                            if (before != null && !before.equals(owner)) {
                                moves.merge(job, 1, Integer::sum);
                            }
                        }
                        return now - start >= window;
                    });

            System.out.printf(
                    "rolling deploy balance: moves %s, longest unowned (ms) %s, owners %s%n",
                    moves,
                    longestUnowned.entrySet().stream()
                            .collect(java.util.stream.Collectors.toMap(
                                    Map.Entry::getKey, e -> e.getValue() / 1_000_000)),
                    owners(added, old));
            assertThat(moves.values()).as("moves per job").allMatch(count -> count <= 2);
            assertThat(longestUnowned.values())
                    .as("longest time a job was unowned")
                    .allMatch(nanos -> nanos <= LEASE.toNanos());
            assertThat(owners(added, old).keySet()).containsAll(NEW_CATALOG);
        }
    }

    /** Job to owner, as the two replicas report what they own. */
    private static Map<String, String> owners(Replica... replicas) {
        Map<String, String> owners = new HashMap<>();
        for (Replica replica : replicas) {
            Set<String> owned = replica.ownedJobs();
            owned.forEach(job -> owners.put(job, replica.instanceId()));
        }
        return owners;
    }

    private static Replica.Builder replica(String id, Cluster cluster, List<String> catalog) {
        Replica.Builder builder = Replica.builder(id, cluster)
                .tokens(4)
                .onlyJobs("1s")
                .property("scalepoc.ownership.lease-duration", LEASE)
                .property("scalepoc.ownership.heartbeat-period", "1s")
                .property("scalepoc.ownership.claim-interval", CLAIM_INTERVAL);
        for (String job : catalog) {
            builder.job(job, "type", "sql")
                    .job(job, "sql.statements[0]", "SELECT 1")
                    .job(job, "fixed-delay", "1s")
                    .job(job, "initial-delay", "0s");
        }
        return builder;
    }
}
