package io.scalepoc.ownership;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster as the lease table shows it at one moment: the live members, who holds each job's
 * lease, and the members found dead (their leases were removed). {@code complete} is false when
 * the table could not be read or some member could not be probed; callers then draw no
 * conclusions that need the whole membership (capacity, zombies).
 */
public record ClusterSnapshot(
        boolean complete, List<Member> members, Map<String, String> jobOwners, List<String> departed, String problem) {

    public static ClusterSnapshot unknown(String problem) {
        return new ClusterSnapshot(false, List.of(), Map.of(), List.of(), problem);
    }

    public Set<String> liveInstanceIds() {
        return members.stream().map(Member::instanceId).collect(Collectors.toSet());
    }

    public int liveTokens() {
        return members.stream().mapToInt(Member::tokens).sum();
    }
}
