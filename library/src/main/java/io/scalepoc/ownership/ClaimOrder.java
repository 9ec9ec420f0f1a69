package io.scalepoc.ownership;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which a replica sweeps the catalog: rendezvous (highest random weight) hashing of
 * instance id and job name. Replicas starting together try different jobs first, so they rarely
 * race for the same lease, and a given replica prefers the same jobs every time it sweeps.
 */
public final class ClaimOrder {

    private ClaimOrder() {}

    public static List<String> forReplica(String instanceId, Collection<String> jobNames) {
        return jobNames.stream()
                .sorted(Comparator.comparingLong((String job) -> score(instanceId, job))
                        .reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    static long score(String instanceId, String jobName) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(instanceId.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(jobName.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha256.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
