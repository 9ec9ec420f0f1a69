package io.scalepoc.ownership;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the lease store calls when a job's lease has gone too long without a successful heartbeat
 * and may expire soon: the job is given up ({@link OwnershipEvent.Trouble#IN_DANGER}; its schedule
 * stops and its run is asked to stop), and a run that has not stopped within the time left in danger
 * is reported then. Its lease stays until it ends — the state machine deletes it at {@code RunEnded},
 * not this callback. It returns once the job is given up, so that a few threads can handle every
 * lease of a replica that loses DynamoDB at once; the report waits on the JDK's shared delay
 * scheduler, not on a thread of its own.
 */
final class LeaseInDanger implements Consumer<String> {

    private static final Logger log = LoggerFactory.getLogger(LeaseInDanger.class);

    private final OwnershipMachine machine;
    private final Function<OwnershipEvent, OwnershipMachine.Step> feed;
    private final Supplier<Duration> timeLeftInDanger;

    LeaseInDanger(
            OwnershipMachine machine,
            Function<OwnershipEvent, OwnershipMachine.Step> feed,
            Supplier<Duration> timeLeftInDanger) {
        this.machine = machine;
        this.feed = feed;
        this.timeLeftInDanger = timeLeftInDanger;
    }

    @Override
    public void accept(String job) {
        Long epoch = machine.owned(job).map(OwnedJob::epoch).orElse(null);
        feed.apply(new OwnershipEvent.GiveUp(job, OwnershipEvent.Trouble.IN_DANGER));
        Duration timeLeft = timeLeftInDanger.get();
        CompletableFuture.runAsync(
                () -> reportIfStillRunning(job, epoch, timeLeft),
                CompletableFuture.delayedExecutor(timeLeft.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void reportIfStillRunning(String job, Long epoch, Duration timeLeft) {
        try {
            if (!machine.awaitNoRun(job, Duration.ZERO)) {
                log.warn(
                        "Job '{}' (epoch {}) is still running {} after its lease went into danger; its lease is kept "
                                + "until it ends (renewed if DynamoDB answers again, left to expire if not) and its tokens "
                                + "stay counted, so that no peer starts it while it runs here",
                        job,
                        epoch,
                        timeLeft);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
