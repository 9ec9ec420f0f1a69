package io.scalepoc.ownership;

import java.util.Objects;

/**
 * The partition key of a lease in the lock table: {@code job#<name>} for a job, {@code
 * member#<instance id>} for a replica's membership.
 */
public record LeaseKey(String value) {

    public static final String JOB_PREFIX = "job#";
    public static final String MEMBER_PREFIX = "member#";

    public LeaseKey {
        Objects.requireNonNull(value, "value");
    }

    public static LeaseKey job(String jobName) {
        return new LeaseKey(JOB_PREFIX + jobName);
    }

    public static LeaseKey member(String instanceId) {
        return new LeaseKey(MEMBER_PREFIX + instanceId);
    }

    @Override
    public String toString() {
        return value;
    }
}
