package io.scalepoc.ownership;

import io.scalepoc.ownership.OwnershipAction.Announce;
import io.scalepoc.ownership.OwnershipAction.DeleteLease;
import io.scalepoc.ownership.OwnershipAction.NotAcquired;
import io.scalepoc.ownership.OwnershipAction.RequestLease;
import io.scalepoc.ownership.OwnershipAction.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every job's ownership on this replica as one explicit state ({@link Phase}), and every transition
 * in one place: {@link #apply} takes an {@link OwnershipEvent} and returns the {@link
 * OwnershipAction}s to carry out. No I/O and no waiting, so transitions are serialised by this
 * object's monitor and take microseconds; the caller carries the actions out afterwards. The state
 * diagram is in docs/architecture.md. What holds after every transition, whatever the order of
 * events (the unit test walks every event in every reachable state):
 *
 * <ul>
 *   <li>the weight of the jobs counted (acquiring, owned, running, retiring, releasing) never
 *       exceeds the tokens;
 *   <li>a lease is deleted only when nothing of the job runs here: a run starts only from {@code
 *       OWNED} ({@link OwnershipEvent.RunStarting}), and {@code DeleteLease} is only decided from a
 *       state without one;
 *   <li>a lease this replica holds belongs to a job that is owned and scheduled, or that is being
 *       retired toward its release.
 * </ul>
 */
public final class OwnershipMachine {

    private static final Logger log = LoggerFactory.getLogger(OwnershipMachine.class);

    /** Where a job stands on this replica. */
    public enum Phase {
        /** Not ours; may be claimed. */
        FREE,
        /** Not ours, and not claimed before a time (or until a peer has taken it). */
        HELD_OFF,
        /** Tokens reserved, lease requested; the sweep reports what came of it. */
        ACQUIRING,
        /** Ours and scheduled, no run going. */
        OWNED,
        /** Ours and scheduled, a run going. */
        RUNNING,
        /** Given up while a run still goes here: tokens and lease kept until it ends. */
        RETIRING,
        /** Nothing of it runs here; its lease is being deleted, tokens counted until it is gone. */
        RELEASING
    }

    /** What a transition decided: whether the event was accepted, and what to do now. */
    public record Step(boolean accepted, List<OwnershipAction> actions) {}

    private static final Step REFUSED = JobState.REFUSED;

    private final int capacity;
    private final Clock clock;
    private final Map<String, JobState> jobs = new HashMap<>();
    private int used;
    private boolean claiming = true;

    public OwnershipMachine(int capacity, Clock clock) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more: " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** One transition. */
    public synchronized Step apply(OwnershipEvent event) {
        if (event instanceof OwnershipEvent.StopClaiming) {
            claiming = false;
            return new Step(true, List.of());
        }
        JobState entry = jobs.computeIfAbsent(event.job(), JobState::new);
        if (event instanceof OwnershipEvent.Claim claim) {
            return claim(claim.weight(), entry);
        } else if (event instanceof OwnershipEvent.Granted granted) {
            return granted(granted.owned(), entry);
        } else if (event instanceof OwnershipEvent.Refused refused) {
            return refused(refused, entry);
        } else if (event instanceof OwnershipEvent.GiveUp giveUp) {
            return entry.giveUp(giveUp.trouble());
        } else if (event instanceof OwnershipEvent.ReleaseRequested release) {
            return entry.release(release.holdOff(), release.why());
        } else if (event instanceof OwnershipEvent.HandOverRequested request) {
            return entry.handOverRequested(request.handOver());
        } else if (event instanceof OwnershipEvent.Tick tick) {
            return entry.tick(tick.owned(), clock.instant());
        } else if (event instanceof OwnershipEvent.RunStarting run) {
            return entry.runStarting(run.owned(), clock.instant());
        } else if (event instanceof OwnershipEvent.RunEnded run) {
            Step step = entry.runEnded(run.owned());
            notifyAll(); // awaitNoRun
            return step;
        } else if (event instanceof OwnershipEvent.LeaseDeleted deleted) {
            return leaseDeleted(deleted.lease(), entry);
        } else if (event instanceof OwnershipEvent.TakenElsewhere && entry.phase == Phase.HELD_OFF) {
            entry.phase = Phase.FREE; // the hold-off has served its purpose
            return accept();
        }
        return REFUSED; // LeaseHeld: a heartbeat that recovers does not undo a give-up; nothing else applies
    }

    private Step claim(int weight, JobState entry) {
        boolean free =
                entry.phase == Phase.FREE || (entry.phase == Phase.HELD_OFF && !entry.isHeldOff(clock.instant()));
        if (!claiming || !free || capacity == 0 || used + weight > capacity) {
            return REFUSED;
        }
        used += weight;
        entry.weight = weight;
        entry.endangered = false;
        entry.phase = Phase.ACQUIRING;
        return accept(new RequestLease(entry.name));
    }

    private Step granted(OwnedJob owned, JobState entry) {
        if (entry.phase != Phase.ACQUIRING) {
            return new Step(false, List.of(new DeleteLease(owned.name(), owned.lease()))); // never asked for
        }
        if (entry.endangered || !claiming) {
            log.warn(
                    "Job '{}' (epoch {}) was given up while it was acquired; its lease is released",
                    owned.name(),
                    owned.epoch());
            return new Step(false, entry.releasing(owned.lease(), false, Duration.ZERO));
        }
        entry.owned = owned;
        entry.phase = Phase.OWNED;
        log.info("Acquired job '{}' at epoch {} ({} of {} tokens used)", owned.name(), owned.epoch(), used, capacity);
        return accept(new Schedule(owned));
    }

    private Step refused(OwnershipEvent.Refused refused, JobState entry) {
        if (entry.phase != Phase.ACQUIRING) {
            return refused.granted() == null
                    ? REFUSED
                    : new Step(false, List.of(new DeleteLease(refused.job(), refused.granted())));
        }
        List<OwnershipAction> actions = new ArrayList<>(List.of(new NotAcquired(refused.job(), refused.reason())));
        if (refused.granted() != null) {
            actions.addAll(entry.releasing(refused.granted(), false, Duration.ZERO));
        } else {
            used -= entry.weight;
            entry.phase = Phase.FREE;
        }
        return new Step(true, actions);
    }

    private Step leaseDeleted(Lease lease, JobState entry) {
        if (entry.phase != Phase.RELEASING || entry.lease != lease) {
            return REFUSED;
        }
        used -= entry.weight;
        boolean holdOff = !entry.holdOff.isZero() && !entry.holdOff.isNegative();
        entry.heldOffUntil = holdOff ? clock.instant().plus(entry.holdOff) : null;
        entry.phase = holdOff ? Phase.HELD_OFF : Phase.FREE;
        entry.owned = null;
        entry.lease = null;
        log.info(
                "Job '{}' no longer runs here; its tokens are free ({} of {} tokens used)", entry.name, used, capacity);
        return entry.announce ? accept(new Announce(entry.name)) : accept();
    }

    private static Step accept(OwnershipAction... actions) {
        return new Step(true, List.of(actions));
    }

    public synchronized Phase phase(String job) {
        JobState entry = jobs.get(job);
        return entry == null ? Phase.FREE : entry.phase;
    }

    /** Whether a claim of {@code job} with {@code weight} would be accepted now. */
    public synchronized boolean mayClaim(String job, int weight) {
        JobState entry = jobs.get(job);
        boolean free = entry == null
                || entry.phase == Phase.FREE
                || (entry.phase == Phase.HELD_OFF && !entry.isHeldOff(clock.instant()));
        return claiming && free && capacity > 0 && used + weight <= capacity;
    }

    /** The job as owned (scheduled, running or not). */
    public synchronized Optional<OwnedJob> owned(String job) {
        JobState entry = jobs.get(job);
        return entry != null && entry.isOwned() ? Optional.of(entry.owned) : Optional.empty();
    }

    /** Every job owned (scheduled, running or not). */
    public synchronized List<OwnedJob> ownedJobs() {
        return jobs.values().stream()
                .filter(JobState::isOwned)
                .map(entry -> entry.owned)
                .toList();
    }

    /** Everything the machine holds of {@code job}, in a line (for the logs and the exhaustive test). */
    public synchronized String describe(String job) {
        JobState entry = jobs.get(job);
        return entry == null ? Phase.FREE.name() : entry.describe(clock.instant());
    }

    /** The hand-over asked of the job's next tick, if one is pending. */
    public synchronized Optional<HandOver> handOver(String job) {
        JobState entry = jobs.get(job);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.handOver);
    }

    /** The jobs in {@code phase} now. */
    public synchronized List<String> inPhase(Phase phase) {
        return jobs.values().stream()
                .filter(entry -> entry.phase == phase)
                .map(entry -> entry.name)
                .toList();
    }

    /** Waits up to {@code timeout} until no run of {@code job} goes here; whether none does. */
    public synchronized boolean awaitNoRun(String job, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (phase(job) == Phase.RUNNING || phase(job) == Phase.RETIRING) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    public synchronized int used() {
        return used;
    }

    public int capacity() {
        return capacity;
    }

    public synchronized boolean isClaiming() {
        return claiming;
    }
}
