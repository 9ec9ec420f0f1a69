package io.scalepoc.ownership;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The I/O of the jobs one sweep claimed — the lease request to DynamoDB and the epoch advance in
 * PostgreSQL, about 7 ms a job — with up to {@link #IN_FLIGHT} jobs in flight on threads {@code
 * scalepoc-acquire-N}, so that a start-up claim of 2,000 jobs is not 2,000 round trips in a row and
 * one slow request does not hold back the others. The claims themselves (the tokens reserved, in
 * claim order) were made by the sweep before; the sweep waits here for every outcome, so sweeps
 * stay one at a time. Idle threads end after a few seconds: a replica between sweeps keeps none.
 */
final class Acquisitions {

    private static final Logger log = LoggerFactory.getLogger(Acquisitions.class);

    /** Few: each holds a PostgreSQL connection for its epoch advance, and DynamoDB Local shares the cores. */
    static final int IN_FLIGHT = 4;

    /**
     * How many claims a sweep hands over at once: enough to keep {@link #IN_FLIGHT} busy, few enough
     * that the sweep learns which were refused (a peer quicker) before it claims many more.
     */
    static final int BATCH = 4 * IN_FLIGHT;

    private final ThreadPoolExecutor pool;

    Acquisitions() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("scalepoc-acquire-");
        threads.setDaemon(true);
        pool = new ThreadPoolExecutor(IN_FLIGHT, IN_FLIGHT, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
    }

    /** Every claimed job's acquisition; returns those acquired, in claim order. */
    <T> List<OwnedJob> acquireAll(List<T> claimed, Function<T, Optional<OwnedJob>> acquire) {
        if (claimed.size() <= 1) {
            return claimed.stream().map(acquire).flatMap(Optional::stream).toList();
        }
        List<Future<Optional<OwnedJob>>> outcomes = new ArrayList<>(claimed.size());
        claimed.forEach(job -> outcomes.add(pool.submit(() -> acquire.apply(job))));
        List<OwnedJob> acquired = new ArrayList<>();
        for (Future<Optional<OwnedJob>> outcome : outcomes) {
            try {
                outcome.get().ifPresent(acquired::add);
            } catch (ExecutionException e) {
                log.error("Acquiring a claimed job failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: the rest report their outcomes themselves
                break;
            }
        }
        return acquired;
    }
}
