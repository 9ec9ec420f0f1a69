package io.scalepoc.testsupport;

import io.scalepoc.ownership.Lease;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.LeaseRecord;
import io.scalepoc.ownership.LeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A lock table in memory, with one {@link LeaseStore} per replica ({@link #store}), keeping the
 * lock client's rules as {@code LeaseStoreContract} states them (it runs against this fake as well
 * as DynamoDB Local, so the two cannot drift): a reachable holder renews each of its leases every
 * heartbeat (a new version); a store takes over a lease only once it has seen the record's version
 * unchanged for a whole lease on its own clock; a released lease is deleted; a store that is cut
 * off neither renews, releases nor acquires, and believes it holds a lease until a lease after its
 * last renewal. Time comes from a supplier of nanoseconds, so unit tests step it with a {@link SteppedClock}.
 *
 * <p>Tests that play the other replicas by hand use {@link #hold}, {@link #free}, {@link #holders},
 * {@link #released}, {@link #attempts} and {@link #dangerCallback}. Thread-safe by one monitor.
 */
public final class InMemoryLeaseTable {

    private final Duration lease;
    private final Duration heartbeat;
    private final Duration timeLeftInDanger;
    private final LongSupplier nanoTime;
    private final Map<LeaseKey, Record> records = new HashMap<>();
    private final List<LeaseKey> released = new ArrayList<>();
    private int attempts;

    /**
     * @param lease how long a lease lives without renewal
     * @param heartbeat how often a live holder renews its leases
     * @param timeLeftInDanger what every store answers to {@link LeaseStore#timeLeftInDanger()}
     * @param nanoTime the monotonic clock of every store
     */
    public InMemoryLeaseTable(Duration lease, Duration heartbeat, Duration timeLeftInDanger, LongSupplier nanoTime) {
        this.lease = lease;
        this.heartbeat = heartbeat;
        this.timeLeftInDanger = timeLeftInDanger;
        this.nanoTime = nanoTime;
    }

    /** A new replica's lease store ({@code owner} is its name; a process restarted in place reuses it). */
    public LeaseStore store(String owner) {
        return new Store(owner);
    }

    /** Makes {@code store} unable to reach the table, as a crashed or partitioned replica. */
    public synchronized void cutOff(LeaseStore store) {
        Store cut = (Store) store;
        if (cut.cutAt == null) {
            cut.cutAt = nanoTime.getAsLong();
        }
    }

    /**
     * Lets a store that was {@link #cutOff} reach the table again, as a replica that was stalled or
     * partitioned for less than a lease: its heartbeats resume on every lease it has neither released
     * nor lost to a take-over (their versions move on), and those leases count as held again.
     */
    public synchronized void reconnect(LeaseStore store) {
        ((Store) store).cutAt = null;
    }

    /** Another replica, played by the test, holds {@code key} from now on (and keeps it alive). */
    public synchronized void hold(LeaseKey key, String owner) {
        records.put(key, new Record(owner, null, () -> {}));
    }

    /** Deletes {@code key}'s record, as a peer releasing it. */
    public synchronized void free(LeaseKey key) {
        records.remove(key);
    }

    /** Who holds each lease now, by name. */
    public synchronized Map<LeaseKey, String> holders() {
        Map<LeaseKey, String> holders = new LinkedHashMap<>();
        records.forEach((key, record) -> holders.put(key, record.owner));
        return holders;
    }

    /**
     * Every lease as a consistent scan reads it: key, holder, and a record version that changes at
     * every renewal and take-over (what {@link io.scalepoc.ownership.LeaseSightings} watches).
     */
    public synchronized List<LeaseRecord> records() {
        List<LeaseRecord> all = new ArrayList<>();
        records.forEach((key, record) -> all.add(new LeaseRecord(
                key.value(), record.owner, Map.of("owner", record.owner, "recordVersionNumber", record.version()))));
        return all;
    }

    /** Every key a store was asked to release, in order, whether or not the release deleted it. */
    public synchronized List<LeaseKey> released() {
        return List.copyOf(released);
    }

    /** How many times any store tried to acquire a lease. */
    public synchronized int attempts() {
        return attempts;
    }

    /** The danger callback given with {@code key}'s current lease: run it to play the lock client's session monitor. */
    public synchronized Runnable dangerCallback(LeaseKey key) {
        Record record = records.get(key);
        if (record == null) {
            throw new IllegalStateException("Nobody holds " + key);
        }
        return record.onDanger;
    }

    private final class Record {

        final String owner;
        final Store holder; // null: a replica played by the test, always alive
        final Runnable onDanger;
        final long createdNanos = nanoTime.getAsLong();
        /** When its holder released it without reaching the table: the lock client no longer heartbeats it. */
        Long abandonedAt;

        Record(String owner, Store holder, Runnable onDanger) {
            this.owner = owner;
            this.holder = holder;
            this.onDanger = onDanger;
        }

        /** How many heartbeats have renewed it (its version): one every heartbeat while its holder is reachable. */
        long renewals() {
            long until = holder == null || holder.cutAt == null ? nanoTime.getAsLong() : holder.cutAt;
            if (abandonedAt != null) {
                until = Math.min(until, abandonedAt);
            }
            return Math.max(0, until - createdNanos) / heartbeat.toNanos();
        }

        String version() {
            return System.identityHashCode(this) + "." + renewals();
        }

        /** When its holder last renewed it, on the monotonic clock. */
        long lastRenewalNanos() {
            return createdNanos + renewals() * heartbeat.toNanos();
        }
    }

    private record Observation(Record record, long renewals, long sinceNanos) {}

    private final class Store implements LeaseStore {

        private final String owner;
        private final Map<LeaseKey, Observation> observed = new HashMap<>();
        private Long cutAt;
        private boolean closed;

        Store(String owner) {
            this.owner = owner;
        }

        boolean reachable() {
            return cutAt == null && !closed;
        }

        @Override
        public Optional<Lease> tryAcquire(LeaseKey key, Map<String, String> attributes, Runnable onDanger) {
            synchronized (InMemoryLeaseTable.this) {
                attempts++;
                if (!reachable()) {
                    return Optional.empty();
                }
                Record current = records.get(key);
                if (current != null && current.holder == this) {
                    return Optional.empty();
                }
                if (current != null && !idleForALease(key, current)) {
                    return Optional.empty();
                }
                observed.remove(key);
                Record mine = new Record(owner, this, onDanger);
                records.put(key, mine);
                return Optional.of(new HeldLease(key, mine));
            }
        }

        /** Records what this store sees of {@code record}; true once its version stood still for a lease. */
        private boolean idleForALease(LeaseKey key, Record record) {
            long renewals = record.renewals();
            long now = nanoTime.getAsLong();
            Observation seen = observed.get(key);
            if (seen == null || seen.record() != record || seen.renewals() != renewals) {
                observed.put(key, new Observation(record, renewals, now));
                return false;
            }
            return now - seen.sinceNanos() >= lease.toNanos();
        }

        @Override
        public Optional<Lease> takeOver(
                LeaseKey key, String version, Map<String, String> attributes, Runnable onDanger) {
            synchronized (InMemoryLeaseTable.this) {
                attempts++;
                Record current = records.get(key);
                if (!reachable()
                        || current == null
                        || current.holder == this
                        || !current.version().equals(version)) {
                    return Optional.empty();
                }
                observed.remove(key);
                Record mine = new Record(owner, this, onDanger);
                records.put(key, mine);
                return Optional.of(new HeldLease(key, mine));
            }
        }

        @Override
        public void observe(Collection<LeaseKey> keys) {
            synchronized (InMemoryLeaseTable.this) {
                if (!reachable()) {
                    return;
                }
                for (LeaseKey key : keys) {
                    Record record = records.get(key);
                    if (record != null && record.holder != this) {
                        idleForALease(key, record);
                    }
                }
            }
        }

        @Override
        public Duration timeLeftInDanger() {
            return timeLeftInDanger;
        }

        @Override
        public boolean release(Lease held) {
            synchronized (InMemoryLeaseTable.this) {
                released.add(held.key());
                HeldLease lease = (HeldLease) held;
                if (records.get(held.key()) != lease.record) {
                    return false;
                }
                if (!reachable()) {
                    // the lock client stops heartbeating a lease it releases, even when the delete fails
                    if (lease.record.abandonedAt == null) {
                        lease.record.abandonedAt = nanoTime.getAsLong();
                    }
                    return false;
                }
                records.remove(held.key());
                return true;
            }
        }

        @Override
        public void close() {
            synchronized (InMemoryLeaseTable.this) {
                if (reachable()) {
                    records.values().removeIf(record -> record.holder == this);
                }
                closed = true;
            }
        }

        private final class HeldLease implements Lease {

            private final LeaseKey key;
            private final Record record;

            HeldLease(LeaseKey key, Record record) {
                this.key = key;
                this.record = record;
            }

            @Override
            public LeaseKey key() {
                return key;
            }

            @Override
            public boolean isHeld() {
                synchronized (InMemoryLeaseTable.this) {
                    if (records.get(key) != record || closed || record.abandonedAt != null) {
                        return false;
                    }
                    return cutAt == null
                            || nanoTime.getAsLong() - cutAt
                                    < lease.minus(heartbeat).toNanos();
                }
            }

            /** Released, taken over, or not renewed for a whole lease; in between it is in danger. */
            @Override
            public boolean isLost() {
                synchronized (InMemoryLeaseTable.this) {
                    if (records.get(key) != record || closed || record.abandonedAt != null) {
                        return true;
                    }
                    return cutAt != null && nanoTime.getAsLong() - cutAt >= lease.toNanos();
                }
            }
        }
    }
}
