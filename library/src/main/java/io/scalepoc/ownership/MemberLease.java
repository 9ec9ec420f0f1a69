package io.scalepoc.ownership;

import io.scalepoc.support.DependencyUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's member lease {@code member#<instance id>}: registering it at start-up, keeping it
 * registered, and releasing it last at shutdown.
 *
 * <p><b>Restart in place.</b> A pod keeps its name when its container restarts, so a new process
 * may find the member lease of its dead predecessor, with the same instance id, still in the table.
 * Registration therefore does not fail at the first refusal: it keeps trying, one non-blocking
 * attempt every 250 ms, for up to {@link #maxWait(Duration, Duration)}. The lease
 * store judges expiry the lock client's way — the record version unchanged for a whole lease on
 * this process's monotonic clock, counted from its first observation (the lease store observes the
 * member and job leases as soon as it is created) — so a dead predecessor's lease is taken over
 * about one lease after that, while a <em>live</em> replica with the same id renews its lease every
 * heartbeat and is never taken over: registration then fails with a message that says so. No
 * wall clock is compared with anything another replica wrote.
 */
public class MemberLease {

    private static final Logger log = LoggerFactory.getLogger(MemberLease.class);
    /** How often a held member lease is tried again while it may be a dead predecessor's: one GetItem each. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final LeaseStore leases;
    private final LeaseKey key;
    private final Duration leaseDuration;
    private final Duration maxWait;
    private final Duration pollInterval;
    private volatile Supplier<Map<String, String>> attributes = Map::of;
    private volatile Lease lease;

    public MemberLease(LeaseStore leases, String instanceId, Duration leaseDuration, Duration heartbeatPeriod) {
        this.leases = leases;
        this.key = LeaseKey.member(instanceId);
        this.leaseDuration = leaseDuration;
        this.maxWait = maxWait(leaseDuration, heartbeatPeriod);
        this.pollInterval = heartbeatPeriod.compareTo(POLL) < 0 ? heartbeatPeriod : POLL;
    }

    /**
     * How long registration waits for a member lease with this id to prove dead: two leases and a
     * heartbeat. A dead predecessor's lease is taken over at the first attempt made a lease after the
     * first observation; the rest leaves room for a slow DynamoDB, and a live duplicate renews its
     * lease every heartbeat throughout.
     */
    static Duration maxWait(Duration leaseDuration, Duration heartbeatPeriod) {
        return leaseDuration.multipliedBy(2).plus(heartbeatPeriod);
    }

    /**
     * Registers the member lease with {@code attributes} (tokens, address), waiting for a
     * predecessor with the same instance id to prove dead if its lease is still in the table.
     *
     * @throws DependencyUnavailableException when the lease could not be taken within the wait: a
     *     live replica uses this instance id, or the lock table was unreachable all along
     */
    public void register(Supplier<Map<String, String>> attributes) {
        this.attributes = attributes;
        long started = System.nanoTime();
        long deadline = started + maxWait.toNanos();
        boolean waited = false;
        while (true) {
            Optional<Lease> acquired = leases.tryAcquire(key, attributes.get());
            if (acquired.isPresent()) {
                lease = acquired.get();
                if (waited) {
                    log.warn(
                            "Member lease '{}' was left by a previous process with this instance id (a restart in "
                                    + "place); it stood unrenewed for a lease ({}) and was taken over after {} ms",
                            key,
                            leaseDuration,
                            Duration.ofNanos(System.nanoTime() - started).toMillis());
                }
                return;
            }
            if (!waited) {
                log.info(
                        "Member lease '{}' is held: a previous process with this instance id died (restart in place), "
                                + "or another live replica uses it. Waiting up to {} for it to prove dead",
                        key,
                        maxWait);
                waited = true;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw duplicate();
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw duplicate();
            }
        }
    }

    private DependencyUnavailableException duplicate() {
        String instanceId = key.value().substring(LeaseKey.MEMBER_PREFIX.length());
        return new DependencyUnavailableException(
                "Cannot register member lease '" + key + "': another live replica uses instance id '" + instanceId
                        + "' (its member lease was renewed throughout " + maxWait
                        + "), or the lock table was unreachable all that time (see the warnings above)",
                "Give every replica its own scalepoc.instance-id (SCALEPOC_INSTANCE_ID; in Kubernetes the pod name), "
                        + "or stop the other replica that uses '" + instanceId + "'.",
                null);
    }

    /**
     * Registers the member lease again if it is no longer held: heartbeats failed for too long (a
     * DynamoDB outage, a long GC or SIGSTOP) and a monitor may have removed it as dead. Until then
     * this replica is missing from the membership that capacity and zombie checks use.
     */
    public void ensureHeld() {
        Lease current = lease;
        if (current == null || current.isHeld()) {
            return;
        }
        try {
            leases.release(current); // the lock client forgets it; deletes the item if it is still ours
        } catch (RuntimeException e) {
            log.debug("Could not release the lapsed member lease: {}", e.toString());
        }
        Optional<Lease> renewed = leases.tryAcquire(key, attributes.get());
        if (renewed.isPresent()) {
            lease = renewed.get();
            log.warn("Member lease '{}' had lapsed; registered it again", key);
        } else {
            log.warn("Member lease '{}' has lapsed and cannot be registered again yet", key);
        }
    }

    /** Releases (deletes) the member lease, the last lease a replica gives up at shutdown. */
    public void release() {
        Lease current = lease;
        lease = null;
        if (current != null) {
            leases.release(current);
        }
    }
}
