package io.scalepoc.api;

import io.scalepoc.ownership.ClusterSnapshot;
import io.scalepoc.ownership.Member;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/cluster}: the live members (from their member leases, each probed), their tokens
 * and the jobs whose leases name them, the capacity against the demand, and the jobs whose leases
 * name no live member. {@code complete} is false when the lock table could not be fully read.
 */
public record ClusterResponse(
        boolean complete,
        String problem,
        List<MemberView> members,
        int capacity,
        int used,
        int demand,
        List<String> jobsWithoutLiveOwner) {

    public record MemberView(String instanceId, String address, int tokens, int used, List<String> ownedJobs) {}

    static ClusterResponse of(ClusterSnapshot snapshot, Map<String, Integer> weights) {
        List<MemberView> members =
                snapshot.members().stream().map(member -> view(member, weights)).toList();
        List<String> unowned = weights.keySet().stream()
                .filter(job -> !snapshot.liveInstanceIds()
                        .contains(snapshot.jobOwners().get(job)))
                .sorted()
                .toList();
        return new ClusterResponse(
                snapshot.complete(),
                snapshot.problem(),
                members,
                snapshot.liveTokens(),
                members.stream().mapToInt(MemberView::used).sum(),
                weights.values().stream().mapToInt(Integer::intValue).sum(),
                unowned);
    }

    private static MemberView view(Member member, Map<String, Integer> weights) {
        int used = member.ownedJobs().stream()
                .mapToInt(job -> weights.getOrDefault(job, 0))
                .sum();
        return new MemberView(member.instanceId(), member.address(), member.tokens(), used, member.ownedJobs());
    }
}
