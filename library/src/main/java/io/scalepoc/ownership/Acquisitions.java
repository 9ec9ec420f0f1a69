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
 * PostgreSQL, about 7 ms a job — with up to {@code scalepoc.ownership.claims-in-flight} jobs in
 * flight on threads {@code scalepoc-acquire-N}: more than one, and a start-up claim of 2,000 jobs
 * is not 2,000 round trips in a row, nor does one slow request hold back the others. One by default
 * (on the sweep's thread, one claim at a time, as before): measured with five replicas and DynamoDB
 * Local on two shared cores, four in flight did not shorten the start-up claim and loaded DynamoDB
 * enough that heartbeats ran late (docs/benchmarks.md). The claims themselves (the tokens reserved,
 * in claim order) were made by the sweep before; the sweep waits here for every outcome, so sweeps
 * stay one at a time. Idle threads end after a few seconds: a replica between sweeps keeps none.
 */
final class Acquisitions {

    private static final Logger log = LoggerFactory.getLogger(Acquisitions.class);

    private final ThreadPoolExecutor pool;
    private final int inFlight;

    Acquisitions(int inFlight) {
        this.inFlight = inFlight;
        CustomizableThreadFactory threads = new CustomizableThreadFactory("scalepoc-acquire-");
        threads.setDaemon(true);
        pool = new ThreadPoolExecutor(inFlight, inFlight, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * How many claims a sweep hands over at once: enough to keep the threads busy, few enough that
     * the sweep learns which were refused (a peer quicker) before it claims many more; one at a time
     * when one is in flight.
     */
    int batch() {
        return inFlight == 1 ? 1 : 4 * inFlight;
    }

    /** A job claimed (its weight reserved) whose lease is yet to be asked for; {@code version}: take over an idle one. */
    record Claimed(String job, int weight, String version) {}

    /**
     * Every claimed job's acquisition; returns those acquired, in claim order. The share view (when
     * balancing) is given back the weight of each claim not acquired (a peer was quicker), so that the
     * rest of the sweep still fills this replica's share.
     */
    List<OwnedJob> acquireAll(
            List<Claimed> claimed, ClusterBalance.View view, Function<Claimed, Optional<OwnedJob>> acquire) {
        List<OwnedJob> acquired = acquireAll(claimed, acquire);
        if (view != null) {
            int taken = acquired.stream().mapToInt(OwnedJob::weight).sum();
            int reserved = claimed.stream().mapToInt(Claimed::weight).sum();
            view.took(taken - reserved);
        }
        return acquired;
    }

    /** Every claimed job's acquisition; returns those acquired, in claim order. */
    <T> List<OwnedJob> acquireAll(List<T> claimed, Function<T, Optional<OwnedJob>> acquire) {
        if (claimed.size() <= 1 || inFlight == 1) {
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
