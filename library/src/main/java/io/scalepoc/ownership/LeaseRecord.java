package io.scalepoc.ownership;

import java.util.Map;

/**
 * A lease item as a scan of the lock table reads it: its key, the lock client owner name, and the
 * string attributes stored with it ({@code owner} on job leases; {@code tokens} and {@code
 * address} on member leases). Says nothing about whether its holder is alive.
 */
public record LeaseRecord(String key, String ownerName, Map<String, String> attributes) {

    public boolean isMember() {
        return key.startsWith(LeaseKey.MEMBER_PREFIX);
    }

    public boolean isJob() {
        return key.startsWith(LeaseKey.JOB_PREFIX);
    }

    /** The tokens a member lease advertises; 0 when missing or unreadable. */
    public int tokens() {
        try {
            return Integer.parseInt(attributes.getOrDefault("tokens", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Whether a member lease says its replica runs the global monitors; a member that does not say
     * (an older version) is taken to.
     */
    public boolean runsMonitors() {
        return !"false".equals(attributes.get("monitors"));
    }

    /** The lock client's record version number: it changes at every heartbeat and every take-over. */
    public String version() {
        return attributes.get("recordVersionNumber");
    }

    /**
     * The lease duration the holder's lock client wrote with the item (milliseconds), in
     * nanoseconds; 0 when missing or unreadable.
     */
    public long leaseDurationNanos() {
        try {
            return java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                    Long.parseLong(attributes.getOrDefault("leaseDuration", "0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the lock client marked the lease released (rather than deleting it). */
    public boolean isReleased() {
        return attributes.containsKey("isReleased");
    }

    /** The job name or instance id after the prefix. */
    public String name() {
        return key.substring(key.indexOf('#') + 1);
    }
}
