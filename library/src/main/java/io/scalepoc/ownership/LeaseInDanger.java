package io.scalepoc.ownership;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the lock client's session monitor calls, on a thread of its own, when a job's lease has gone
 * too long without a successful heartbeat and may expire soon: the job is given up ({@link
 * OwnershipEvent.Trouble#IN_DANGER}; its schedule stops and its run is asked to stop), and a run that
 * has not stopped within the time left in danger is reported. Its lease stays until it ends — the
 * state machine deletes it at {@code RunEnded}, not this thread.
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
        try {
            if (!machine.awaitNoRun(job, timeLeft)) {
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
