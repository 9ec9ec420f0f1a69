package io.scalepoc.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Fair shares, and what one replica's balance makes of a scan of the lock table. */
class FairShareTest {

    private static final Duration LEASE = Duration.ofSeconds(20);

    @Test
    void dividesTheDemandInProportionToTokensRoundingTheSameWayEverywhere() {
        assertThat(FairShare.targets(tokens("a", 8, "b", 8, "c", 8, "d", 8), 8))
                .containsExactly(Map.entry("a", 2), Map.entry("b", 2), Map.entry("c", 2), Map.entry("d", 2));
        // 8 / 3 each: the two tokens left over go to the lowest instance ids, whatever the map's order
        assertThat(FairShare.targets(tokens("c", 8, "b", 8, "a", 8), 8))
                .containsExactly(Map.entry("a", 3), Map.entry("b", 3), Map.entry("c", 2));
        // in proportion to tokens: 4 and 2 tokens share 3 as 2 and 1
        assertThat(FairShare.targets(tokens("big", 4, "small", 2), 3))
                .containsExactly(Map.entry("big", 2), Map.entry("small", 1));
        // the largest remainder wins the token left over: 7 × 5/6 = 5.83, 7 × 1/6 = 1.17
        assertThat(FairShare.targets(tokens("a", 5, "b", 1), 7)).containsExactly(Map.entry("a", 5), Map.entry("b", 1));
        assertThat(FairShare.targets(tokens("a", 10, "b", 2), 7)).containsExactly(Map.entry("a", 6), Map.entry("b", 1));
    }

    @Test
    void capsEveryTargetAtTheMembersTokens() {
        assertThat(FairShare.targets(tokens("a", 2, "b", 3), 9)).containsExactly(Map.entry("a", 2), Map.entry("b", 3));
        assertThat(FairShare.targets(tokens("a", 2, "b", 3), 5)).containsExactly(Map.entry("a", 2), Map.entry("b", 3));
        assertThat(FairShare.targets(tokens("only", 100), 7)).containsExactly(Map.entry("only", 7));
    }

    @Test
    void movesOnlyWhatMakesTheSpreadStrictlyBetter() {
        assertThat(FairShare.moveImproves(1, 1, 1)).isTrue();
        assertThat(FairShare.moveImproves(2, 1, 1)).isFalse(); // 1 over and 1 under stay 1 and 1
        assertThat(FairShare.moveImproves(2, 2, 1)).isTrue();
        assertThat(FairShare.moveImproves(1, 0, 3)).isFalse();
        assertThat(FairShare.takeImproves(1, 1)).isTrue();
        assertThat(FairShare.takeImproves(2, 1)).isFalse();
        assertThat(FairShare.takeImproves(1, 0)).isFalse();
    }

    @Test
    void countsMembersWhoseLeaseKeepsChangingAndTheJobsTheirLeasesName() {
        AtomicLong nanos = new AtomicLong();
        ClusterBalance balance = new ClusterBalance("me", LEASE, nanos::get);
        Map<String, Integer> weights = weights("j1", 1, "j2", 1, "j3", 1, "j4", 1, "j5", 2);
        List<LeaseRecord> scan = new ArrayList<>(List.of(
                member("peer", 8, "v1"),
                member("frozen", 8, "f1"),
                job("j1", "peer", "a"),
                job("j2", "peer", "b"),
                job("j5", "frozen", "c")));

        ClusterBalance.View first = balance.observe(scan, weights, 8, 2, null);
        assertThat(first.members()).containsExactly("frozen", "me", "peer");
        assertThat(first.load("peer")).isEqualTo(2);
        assertThat(first.load("frozen")).isEqualTo(2);
        assertThat(first.load("me")).isEqualTo(2); // what this replica's budget says, not the scan

        nanos.addAndGet(LEASE.toNanos()); // a lease later: peer renewed its leases, frozen did not
        scan.set(0, member("peer", 8, "v2"));
        scan.set(2, job("j1", "peer", "a2"));
        scan.set(3, job("j2", "peer", "b2"));
        ClusterBalance.View later = balance.observe(scan, weights, 8, 2, null);
        assertThat(later.members()).containsExactly("me", "peer");
        assertThat(later.load("frozen")).isZero();
        assertThat(later.liveTokens()).isEqualTo(16);
        assertThat(later.isUnclaimed("j3")).isTrue(); // no lease
        assertThat(later.isUnclaimed("j5")).isTrue(); // held by a member that is no longer live
        assertThat(later.isUnclaimed("j1")).isFalse();
        assertThat(first.isUnclaimed("j5")).isFalse(); // its holder still counted as live: tried as under fill
    }

    @Test
    void countsNoMemberOneOfWhoseJobLeasesStoodStillEvenIfItsMemberLeaseLooksLive() {
        AtomicLong nanos = new AtomicLong();
        ClusterBalance balance = new ClusterBalance("me", LEASE, nanos::get);
        Map<String, Integer> weights = weights("j1", 1, "j2", 1, "j3", 1);
        balance.observe(List.of(job("j1", "dead", "a"), job("j2", "me", "b")), weights, 2, 1, null);

        nanos.addAndGet(LEASE.toNanos()); // its member lease first seen only now (a scan a little later)
        ClusterBalance.View view = balance.observe(
                List.of(member("dead", 2, "m1"), job("j1", "dead", "a"), job("j2", "me", "b2")), weights, 2, 2, null);

        assertThat(view.members()).containsExactly("me");
        assertThat(view.isUnclaimed("j1")).isTrue();
        assertThat(view.handOver(List.of("j2"), weights, Map.of("dead", 2)))
                .as("nothing handed over while a dead member's job waits for adoption")
                .isEmpty();
    }

    @Test
    void leavesAFreeJobToAMemberFurtherBelowItsShareButNeverWithoutOwner() {
        ClusterBalance balance = new ClusterBalance("me", LEASE, () -> 0);
        Map<String, Integer> weights = weights("j1", 1, "j2", 1, "j3", 1, "j4", 1);
        List<LeaseRecord> scan = List.of(member("peer", 8, "v"), job("j1", "me", "a"), job("j2", "me", "b"));

        ClusterBalance.View atShare = balance.observe(scan, weights, 8, 2, null);
        assertThat(atShare.target("me")).isEqualTo(2);
        assertThat(atShare.mayTake("j3", 1)).isFalse(); // peer (0 of 2) gains by it; this replica (2 of 2) would not

        ClusterBalance.View peerFull = balance.observe(
                List.of(member("peer", 0, "v"), job("j1", "me", "a"), job("j2", "me", "b")), weights, 8, 2, null);
        assertThat(peerFull.mayTake("j3", 1)).isTrue(); // nobody else has room: take it rather than leave it unowned
    }

    @Test
    void neitherCountsOnAMemberThatCannotReachPostgresNorLeavesAFreeJobForLongerThanALease() {
        AtomicLong nanos = new AtomicLong();
        ClusterBalance balance = new ClusterBalance("me", LEASE, nanos::get);
        Map<String, Integer> weights = weights("j1", 1, "j2", 1, "j3", 1, "j4", 1);
        List<LeaseRecord> scan =
                List.of(member("peer", 8, "v"), member("cut-off", 8, "c"), job("j1", "me", "a"), job("j2", "me", "b"));

        // the cut-off member's lease is live, but it has not checked in with PostgreSQL: not a member to wait for
        ClusterBalance.View view = balance.observe(scan, weights, 8, 2, Set.of("me", "peer"));
        assertThat(view.members()).containsExactly("me", "peer");

        // all three counted: j3 is left to the members below their share (me 2 of 1)...
        ClusterBalance.View waiting = balance.observe(scan, weights, 8, 2, null);
        assertThat(waiting.mayTake("j3", 1)).isFalse();
        // ...but not for longer than a lease
        nanos.addAndGet(LEASE.toNanos());
        ClusterBalance.View aLeaseLater = balance.observe(
                List.of(
                        member("peer", 8, "v2"),
                        member("cut-off", 8, "c2"),
                        job("j1", "me", "a"),
                        job("j2", "me", "b")),
                weights,
                8,
                2,
                null);
        assertThat(aLeaseLater.mayTake("j3", 1)).isTrue();
    }

    @Test
    void handsOverTheLeastPreferredJobOnlyWhenAllIsSettledAndAMemberBelowItsShareGains() {
        ClusterBalance balance = new ClusterBalance("me", LEASE, () -> 0);
        Map<String, Integer> weights = weights("j1", 1, "j2", 1, "j3", 1, "j4", 1);
        assertThat(balance.observe(allFourMine(), weights, 8, 4, null)
                        .handOver(List.of("j3", "j1"), weights, PEER_BELOW))
                .contains("j3");

        List<LeaseRecord> oneInFlight =
                List.of(member("peer", 8, "v"), job("j1", "me", "a"), job("j2", "me", "b"), job("j4", "me", "d"));
        assertThat(balance.observe(oneInFlight, weights, 8, 3, null).handOver(List.of("j1"), weights, PEER_BELOW))
                .isEmpty(); // j3 has no owner yet: wait until it is adopted

        List<LeaseRecord> balanced = List.of(
                member("peer", 8, "v"),
                job("j1", "me", "a"),
                job("j2", "me", "b"),
                job("j3", "peer", "c"),
                job("j4", "peer", "d"));
        assertThat(balance.observe(balanced, weights, 8, 2, null).handOver(List.of("j1"), weights, PEER_BELOW))
                .isEmpty();
    }

    /**
     * Replicas that see the cluster differently — here the peer's catalog lacks a job, as during a
     * rolling deploy that adds one — must not trade a job back and forth: this replica's view says
     * the peer is below its share, but the peer's own (published) view says it is not, so nothing
     * is handed over; once the peer publishes a deficit, the same job goes.
     */
    @Test
    void handsOverOnlyWhenThePeersOwnPublishedViewSaysItWouldTakeTheJob() {
        ClusterBalance balance = new ClusterBalance("me", LEASE, () -> 0);
        Map<String, Integer> weights = weights("j1", 1, "j2", 1, "j3", 1, "j4", 1);
        ClusterBalance.View view = balance.observe(allFourMine(), weights, 8, 4, null);

        assertThat(view.handOver(List.of("j3"), weights, Map.of("peer", 0))).isEmpty();
        assertThat(view.handOver(List.of("j3"), weights, Map.of()))
                .as("a peer that published nothing")
                .isEmpty();
        assertThat(view.handOver(List.of("j3"), weights, Map.of("peer", 1))).contains("j3");
        assertThat(view.myDeficit()).isEqualTo(-2);
    }

    private static final Map<String, Integer> PEER_BELOW = Map.of("peer", 2);

    /** A peer with 8 tokens and none of the four jobs, all of which this replica holds. */
    private static List<LeaseRecord> allFourMine() {
        return List.of(
                member("peer", 8, "v"),
                job("j1", "me", "a"),
                job("j2", "me", "b"),
                job("j3", "me", "c"),
                job("j4", "me", "d"));
    }

    private static Map<String, Integer> tokens(Object... idsAndTokens) {
        Map<String, Integer> tokens = new LinkedHashMap<>();
        for (int i = 0; i < idsAndTokens.length; i += 2) {
            tokens.put((String) idsAndTokens[i], (Integer) idsAndTokens[i + 1]);
        }
        return tokens;
    }

    private static Map<String, Integer> weights(Object... jobsAndWeights) {
        return tokens(jobsAndWeights);
    }

    private static LeaseRecord member(String id, int tokens, String version) {
        return new LeaseRecord(
                LeaseKey.member(id).value(),
                id,
                Map.of("tokens", Integer.toString(tokens), "recordVersionNumber", version));
    }

    private static LeaseRecord job(String job, String owner, String version) {
        return new LeaseRecord(
                LeaseKey.job(job).value(), owner, Map.of("owner", owner, "recordVersionNumber", version));
    }
}
