package io.scalepoc.ownership;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each live member's share of the catalog under {@code scalepoc.ownership.balance: fair}: the
 * catalog's total weight divided in proportion to the members' tokens, capped at each member's
 * tokens, rounded to whole tokens the same way on every replica — down, then the tokens left over
 * one each to the largest remainders, ties to the lower instance id.
 *
 * <p>A move of a job of weight {@code w} from a member {@code excess} tokens above its target to
 * one {@code deficit} below its own makes the spread (the sum of every member's distance to its
 * target) strictly smaller exactly when {@code w < excess + deficit}, and a member taking a free
 * job lowers it exactly when {@code w < 2 × deficit}: that is the hysteresis, so that no job moves
 * back and forth between members that are as close to their targets as whole jobs allow.
 */
public final class FairShare {

    private FairShare() {}

    /**
     * The target of every member in {@code tokens} (instance id → tokens) for a catalog of total
     * weight {@code demand}.
     */
    public static Map<String, Integer> targets(Map<String, Integer> tokens, int demand) {
        Map<String, Integer> targets = new TreeMap<>();
        long capacity = tokens.values().stream().mapToLong(Integer::longValue).sum();
        if (capacity <= demand) {
            targets.putAll(tokens); // a shortfall (or an exact fit): everyone at its capacity
            return targets;
        }
        record Share(String member, long whole, long remainder) {}
        List<Share> shares = new ArrayList<>();
        long given = 0;
        for (Map.Entry<String, Integer> member : new TreeMap<>(tokens).entrySet()) {
            long exact = (long) demand * member.getValue();
            shares.add(new Share(member.getKey(), exact / capacity, exact % capacity));
            given += exact / capacity;
        }
        shares.sort(Comparator.comparingLong(Share::remainder).reversed().thenComparing(Share::member));
        long left = demand - given;
        for (Share share : shares) {
            targets.put(share.member(), (int) (share.whole() + (left-- > 0 ? 1 : 0)));
        }
        return targets;
    }

    /** Whether moving a job of {@code weight} from a member {@code excess} above target to one {@code deficit} below makes the spread strictly better. */
    public static boolean moveImproves(int weight, int excess, int deficit) {
        return excess > 0 && deficit > 0 && weight < excess + deficit;
    }

    /** Whether a member {@code deficit} below its target taking a free job of {@code weight} brings it strictly closer. */
    public static boolean takeImproves(int weight, int deficit) {
        return weight < 2 * deficit;
    }
}
