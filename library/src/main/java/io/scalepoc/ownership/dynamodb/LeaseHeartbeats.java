package io.scalepoc.ownership.dynamodb;

import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.model.LockNotGrantedException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Renews a replica's leases and watches them for danger with a fixed number of threads, whatever
 * the number of leases. It replaces the lock client's own heartbeat thread (which renews every lease
 * in turn, so that a round of 2,000 renewals, or a few calls that each wait for the API timeout,
 * outlasts the safe time of all the others) and its session monitor (one thread per lease):
 *
 * <ul>
 *   <li>each lease is renewed by the lock client's own {@code sendHeartbeat} — the lock client stays
 *       the only writer of lease items — once per heartbeat period on a schedule of its own, the
 *       first renewal at a random point of the second half of the first period, so that renewals
 *       spread over the period; {@code threads} renewals may be in flight at once, and a slow
 *       renewal delays only its own lease's next one;
 *   <li>one check on a thread of its own (so that renewals stuck in slow calls cannot delay it), every
 *       {@link #checkInterval} (at most 250 ms), looks at every lease's last successful renewal on
 *       this replica's monotonic clock ({@link DynamoDbLease#inDanger}), and hands a lease that has
 *       gone the safe time without one to its danger callback, once, on a thread of a small pool
 *       ({@value #DANGER_THREADS}) that exists only while there is danger to handle.
 * </ul>
 */
final class LeaseHeartbeats implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeaseHeartbeats.class);
    /** Danger callbacks run at most this many at once (each gives a job up: a few database and DynamoDB calls). */
    static final int DANGER_THREADS = 8;

    private final AmazonDynamoDBLockClient client;
    private final long periodNanos;
    private final ScheduledThreadPoolExecutor renewals;
    private final ScheduledThreadPoolExecutor watch;
    private final ThreadPoolExecutor dangers;
    private final Map<DynamoDbLease, Boolean> watched = new ConcurrentHashMap<>();

    LeaseHeartbeats(AmazonDynamoDBLockClient client, Duration heartbeatPeriod, Duration safeTime, int threads) {
        this.client = client;
        this.periodNanos = heartbeatPeriod.toNanos();
        CustomizableThreadFactory renewalThreads = new CustomizableThreadFactory("scalepoc-heartbeat-");
        renewalThreads.setDaemon(true);
        this.renewals = new ScheduledThreadPoolExecutor(Math.max(1, threads), renewalThreads);
        this.renewals.setRemoveOnCancelPolicy(true);
        this.renewals.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        CustomizableThreadFactory dangerThreads = new CustomizableThreadFactory("scalepoc-lease-danger-");
        dangerThreads.setDaemon(true);
        this.dangers = new ThreadPoolExecutor(
                DANGER_THREADS, DANGER_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), dangerThreads);
        this.dangers.allowCoreThreadTimeOut(true);
        CustomizableThreadFactory watchThread = new CustomizableThreadFactory("scalepoc-lease-watch-");
        watchThread.setDaemon(true);
        this.watch = new ScheduledThreadPoolExecutor(1, watchThread);
        long check = checkInterval(safeTime).toNanos();
        ScheduledFuture<?> unused =
                watch.scheduleWithFixedDelay(this::checkForDanger, check, check, TimeUnit.NANOSECONDS);
    }

    /** How often the danger check runs: a tenth of the safe time, at most 250 ms, at least 10 ms. */
    static Duration checkInterval(Duration safeTime) {
        return Duration.ofMillis(Math.max(10, Math.min(250, safeTime.toMillis() / 10)));
    }

    /** Renews {@code lease} from now on until it is {@link #stop stopped}, released or lost. */
    void start(DynamoDbLease lease) {
        watched.put(lease, Boolean.TRUE);
        long first = periodNanos / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, periodNanos / 2));
        schedule(lease, System.nanoTime() + first);
    }

    /** Stops renewing and watching {@code lease} (released). */
    void stop(DynamoDbLease lease) {
        watched.remove(lease);
    }

    private void schedule(DynamoDbLease lease, long dueNanos) {
        try {
            ScheduledFuture<?> unused = renewals.schedule(
                    () -> renew(lease, dueNanos), Math.max(0, dueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            watched.remove(lease); // closing
        }
    }

    private void renew(DynamoDbLease lease, long dueNanos) {
        if (!watched.containsKey(lease)) {
            return;
        }
        try {
            client.sendHeartbeat(lease.item());
        } catch (LockNotGrantedException e) {
            // refused (another owner holds it now) or expired here: the lock client has dropped it, and so do we
            log.debug("Lease '{}' is no longer granted, not renewing it: {}", lease.key(), e.getMessage());
            watched.remove(lease);
            return;
        } catch (RuntimeException e) {
            log.debug("Renewing lease '{}' failed, trying again at the next heartbeat: {}", lease.key(), e.toString());
        }
        // the next renewal one period after this one was due; at once if this one took longer than a period
        long next = dueNanos + periodNanos;
        long now = System.nanoTime();
        schedule(lease, next - now < 0 ? now : next);
    }

    private void checkForDanger() {
        for (DynamoDbLease lease : watched.keySet()) {
            try {
                if (lease.inDanger() && lease.markEndangered()) {
                    dangers.execute(lease::runDangerCallback);
                }
            } catch (RuntimeException e) {
                log.error("Checking lease '{}' for danger failed", lease.key(), e);
            }
        }
    }

    @Override
    public void close() {
        watched.clear();
        watch.shutdownNow();
        renewals.shutdownNow();
        dangers.shutdownNow();
    }
}
