package io.scalepoc.ownership;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What this replica has seen of the lock table, scan after scan: per lease, the record version it
 * last saw and when it first saw that version, on this replica's own monotonic clock — never a
 * timestamp another replica wrote. A live holder writes a new version at every heartbeat, so a
 * lease whose version has stood still for a whole lease since this replica first saw it has no
 * live holder: it is <em>idle</em>. That is the lock client's own expiry rule, applied to a whole
 * scan at once instead of one {@code GetItem} per lease per sweep.
 *
 * <p>Every scan this replica makes (claim sweeps, monitor runs, the cluster API) goes through one
 * instance ({@link #scan}), so each refines the same sightings. The time of a sighting is taken
 * after the scan returned, so it is never earlier than the write it saw; a scan that returns an
 * older version than a faster one (a slow page) only restarts that lease's count. Taking an idle
 * lease is conditional on the version seen ({@link LeaseStore#takeOver}, {@link
 * LeaseProbe#reclaim}), so a holder that renewed after the scan keeps its lease whatever this
 * replica concluded.
 */
public final class LeaseSightings {

    private final long leaseNanos;
    private final LongSupplier nanos;
    private final Map<String, Seen> seen = new HashMap<>();

    /** A lease's version and when this replica first saw it. */
    private record Seen(String version, long sinceNanos) {}

    /**
     * @param leaseDuration this replica's lease duration; a lease item that says it is longer (a
     *     peer configured differently) is given its own
     * @param nanos the monotonic clock ({@code System::nanoTime} in production)
     */
    public LeaseSightings(Duration leaseDuration, LongSupplier nanos) {
        this.leaseNanos = leaseDuration.toNanos();
        this.nanos = nanos;
    }

    /**
     * One consistent scan of the lock table through {@code probe}, taken into the sightings.
     *
     * @throws io.scalepoc.support.DependencyUnavailableException when the table cannot be read
     */
    public Table scan(LeaseProbe probe) {
        return record(probe.list());
    }

    /** Takes in {@code records}, read by a scan that has just returned. */
    public Table record(List<LeaseRecord> records) {
        return record(records, nanos.getAsLong());
    }

    /** Takes in {@code records}, read by a scan that returned at {@code now} on the monotonic clock. */
    public synchronized Table record(List<LeaseRecord> records, long now) {
        Map<String, LeaseRecord> byKey = new LinkedHashMap<>();
        Map<String, Long> standingStill = new HashMap<>();
        for (LeaseRecord record : records) {
            byKey.put(record.key(), record);
            String version = String.valueOf(record.version());
            Seen before = seen.get(record.key());
            Seen after = before != null && before.version().equals(version) ? before : new Seen(version, now);
            seen.put(record.key(), after);
            standingStill.put(record.key(), now - after.sinceNanos());
        }
        seen.keySet().retainAll(byKey.keySet());
        return new Table(byKey, standingStill, leaseNanos);
    }

    /** What a lease is, as one scan and the sightings before it show it. */
    public enum State {
        /** No item, or an item the lock client marked released: anybody may acquire it at once. */
        FREE,
        /** Its version changed within a lease, as far as this replica has seen: a live holder may have it. */
        LIVE,
        /** Its version has stood still for a whole lease: nobody renews it. */
        IDLE
    }

    /** The lock table as one scan read it. */
    public static final class Table {

        private final Map<String, LeaseRecord> byKey;
        private final Map<String, Long> standingStillNanos;
        private final long leaseNanos;

        private Table(Map<String, LeaseRecord> byKey, Map<String, Long> standingStillNanos, long leaseNanos) {
            this.byKey = byKey;
            this.standingStillNanos = standingStillNanos;
            this.leaseNanos = leaseNanos;
        }

        public List<LeaseRecord> records() {
            return List.copyOf(byKey.values());
        }

        public Optional<LeaseRecord> record(LeaseKey key) {
            return Optional.ofNullable(byKey.get(key.value()));
        }

        public State state(LeaseKey key) {
            LeaseRecord record = byKey.get(key.value());
            if (record == null || record.isReleased()) {
                return State.FREE;
            }
            long lease = Math.max(leaseNanos, record.leaseDurationNanos());
            return standingStillNanos.getOrDefault(key.value(), 0L) >= lease ? State.IDLE : State.LIVE;
        }
    }
}
