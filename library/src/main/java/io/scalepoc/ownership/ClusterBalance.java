package io.scalepoc.ownership;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * How far each live member is from its {@link FairShare}, as this replica makes it out from one
 * consistent scan of the lock table per claim sweep ({@code scalepoc.ownership.balance: fair}).
 *
 * <p>A member is live while its member lease keeps changing: this replica remembers, per lease,
 * the record version it last saw and when it first saw it, on its own monotonic clock (never a
 * timestamp another replica wrote), and a member lease whose version has stood still for a whole
 * lease is not counted — the lock client's own rule. Nor is a member one of whose job leases has
 * stood still for a lease (its heartbeats stopped: the member lease may only lag behind). A
 * member seen for the first time counts as
 * live; one that has not checked in with PostgreSQL lately (it could not run a job) is not. A
 * member's load is the weight of the job leases naming it; this replica's own load is what its
 * token budget says (running jobs it gave up included).
 *
 * <p>A free job is left to a member further below its share only for a while: one this replica has
 * seen free for a whole lease is taken by it whatever the shares say (the balance moves it later),
 * so that a member that should have taken it and does not cannot leave it without an owner.
 */
final class ClusterBalance {

    private final String me;
    private final long leaseNanos;
    private final LongSupplier nanos;
    private final Map<String, Seen> seen = new HashMap<>();
    /** Since when (this replica's monotonic clock) each job has been seen free, scan after scan. */
    private final Map<String, Long> freeSince = new HashMap<>();

    /** A lease's version and when this replica first saw that version. */
    private record Seen(String version, long sinceNanos) {}

    ClusterBalance(String me, Duration leaseDuration, LongSupplier nanos) {
        this.me = me;
        this.leaseNanos = leaseDuration.toNanos();
        this.nanos = nanos;
    }

    /**
     * Takes in one scan of the lock table.
     *
     * @param weights every enabled catalog job's weight (the catalog's demand is their sum)
     * @param myTokens this replica's tokens
     * @param myLoad tokens this replica's jobs take now
     * @param reachingPostgres the members that checked in with PostgreSQL lately; null when unknown
     *     (then every member with a live lease counts)
     */
    View observe(
            List<LeaseRecord> records,
            Map<String, Integer> weights,
            int myTokens,
            int myLoad,
            Set<String> reachingPostgres) {
        long now = nanos.getAsLong();
        Set<String> present = new HashSet<>();
        Map<String, Integer> tokens = new TreeMap<>();
        Set<String> standingStill = new HashSet<>();
        for (LeaseRecord record : records) {
            present.add(record.key());
            String version = String.valueOf(record.version());
            Seen before = seen.get(record.key());
            Seen after = before != null && before.version().equals(version) ? before : new Seen(version, now);
            seen.put(record.key(), after);
            if (record.isJob() && !record.isReleased() && now - after.sinceNanos() >= leaseNanos) {
                // its holder renews nothing: dead or frozen, whatever its member lease still shows
                standingStill.add(record.attributes().getOrDefault("owner", record.ownerName()));
            }
        }
        for (LeaseRecord record : records) {
            if (record.isMember()
                    && !record.isReleased()
                    && now - seen.get(record.key()).sinceNanos() < leaseNanos
                    && !standingStill.contains(record.name())
                    && (reachingPostgres == null || reachingPostgres.contains(record.name()))) {
                tokens.put(record.name(), record.tokens());
            }
        }
        seen.keySet().retainAll(present);
        tokens.put(me, myTokens);
        Map<String, Integer> loads = new TreeMap<>();
        tokens.keySet().forEach(member -> loads.put(member, 0));
        Map<String, String> holders = new HashMap<>();
        for (LeaseRecord record : records) {
            if (!record.isJob() || record.isReleased() || !weights.containsKey(record.name())) {
                continue;
            }
            String owner = record.attributes().getOrDefault("owner", record.ownerName());
            holders.put(record.name(), owner);
            if (!owner.equals(me) && tokens.containsKey(owner)) {
                loads.merge(owner, weights.get(record.name()), Integer::sum);
            }
        }
        loads.put(me, myLoad);
        freeSince.keySet().retainAll(weights.keySet());
        Set<String> unclaimed = new HashSet<>();
        for (String job : weights.keySet()) {
            if (holders.containsKey(job) && tokens.containsKey(holders.get(job))) {
                freeSince.remove(job);
            } else {
                unclaimed.add(job);
                freeSince.putIfAbsent(job, now);
            }
        }
        int demand = weights.values().stream().mapToInt(Integer::intValue).sum();
        return new View(tokens, loads, FairShare.targets(tokens, demand), unclaimed, now);
    }

    /** The cluster as one scan showed it; {@link #took} keeps this replica's load current during a sweep. */
    final class View {

        private final Map<String, Integer> tokens;
        private final Map<String, Integer> loads;
        private final Map<String, Integer> targets;
        private final Set<String> unclaimed;
        private final long observedAt;

        private View(
                Map<String, Integer> tokens,
                Map<String, Integer> loads,
                Map<String, Integer> targets,
                Set<String> unclaimed,
                long observedAt) {
            this.tokens = tokens;
            this.loads = loads;
            this.targets = targets;
            this.unclaimed = unclaimed;
            this.observedAt = observedAt;
        }

        /**
         * Whether no live member holds {@code job}: its lease is free (released, or never taken), or
         * held by a replica that is no live member (one shutting down, one cut off from PostgreSQL,
         * one whose member lease has stood still for a lease). Such a job goes to the members below
         * their share ({@link #mayTake}). A job whose holder still counts as live — a crashed owner
         * does for up to a lease — is tried by every replica as under {@code fill}, so that a crash is
         * adopted as fast as the lock client allows.
         */
        boolean isUnclaimed(String job) {
            return unclaimed.contains(job);
        }

        /**
         * Whether this replica should take the free job {@code job} of {@code weight}: it brings
         * this replica closer to its share, or no other live member with room for it would be
         * brought closer to its own, or it has been free for a whole lease (so that no job is left
         * without an owner).
         */
        boolean mayTake(String job, int weight) {
            if (FairShare.takeImproves(weight, deficit(me))) {
                return true;
            }
            Long since = freeSince.get(job);
            if (since != null && observedAt - since >= leaseNanos) {
                return true;
            }
            return tokens.keySet().stream()
                    .filter(member -> !member.equals(me))
                    .noneMatch(member -> room(member) >= weight && FairShare.takeImproves(weight, deficit(member)));
        }

        void took(int weight) {
            loads.merge(me, weight, Integer::sum);
        }

        /**
         * The first of {@code candidates} (this replica's jobs, in the order it would rather give
         * them up) whose move to another live member makes the spread strictly better, when every
         * job has a live owner (nothing is being handed over or adopted) and this replica is above
         * its share — and that member's own view agrees: by the deficit it published ({@code
         * published}, by instance id) it would take the job. Replicas that see the cluster
         * differently (catalogs that differ during a rolling deploy, different token counts) would
         * otherwise hand a job to a member that refuses it, leave it unowned for a lease, and start
         * again; the receiver's view decides.
         */
        Optional<String> handOver(
                List<String> candidates, Map<String, Integer> weights, Map<String, Integer> published) {
            int excess = -deficit(me);
            if (!unclaimed.isEmpty() || excess <= 0) {
                return Optional.empty();
            }
            for (String job : candidates) {
                int weight = weights.getOrDefault(job, 0);
                boolean someoneGains = tokens.keySet().stream()
                        .filter(member -> !member.equals(me))
                        .anyMatch(member -> room(member) >= weight
                                && FairShare.takeImproves(weight, deficit(member))
                                && FairShare.moveImproves(weight, excess, deficit(member))
                                && published.containsKey(member)
                                && FairShare.takeImproves(weight, published.get(member)));
                if (weight > 0 && someoneGains) {
                    return Optional.of(job);
                }
            }
            return Optional.empty();
        }

        /** How far below its share this replica is, as this view has it (negative: above). */
        int myDeficit() {
            return deficit(me);
        }

        int target(String member) {
            return targets.getOrDefault(member, 0);
        }

        int load(String member) {
            return loads.getOrDefault(member, 0);
        }

        /** Tokens of the live members (this replica included). */
        int liveTokens() {
            return tokens.values().stream().mapToInt(Integer::intValue).sum();
        }

        Set<String> members() {
            return tokens.keySet();
        }

        private int deficit(String member) {
            return target(member) - load(member);
        }

        private int room(String member) {
            return tokens.getOrDefault(member, 0) - load(member);
        }
    }
}
