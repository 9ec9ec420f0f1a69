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
 * Every job's ownership on this replica as one explicit state ({@link JobPhase}), and every transition
 * in one place: {@link #apply} takes an {@link OwnershipEvent} and returns the {@link
 * OwnershipAction}s to carry out. No I/O and no waiting, so transitions are serialised by this
 * object's monitor and take microseconds; the caller carries the actions out afterwards. The state
 * diagram, and the invariants that hold after every transition whatever the order of events (its
 * unit test walks every event in every reachable state), are in docs/architecture.md: tokens never
 * over budget; no lease deleted while a run of its job goes here (a run starts only from {@code
 * OWNED}, and {@code DeleteLease} is decided only on entering {@code RELEASING}); a lease held here
 * belongs to a job owned and scheduled, or on its way to release.
 */
public final class OwnershipMachine {

    private static final Logger log = LoggerFactory.getLogger(OwnershipMachine.class);

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
            if (step.accepted() && entry.phase == JobPhase.FREE) {
                used -= entry.weight; // cut off from PostgreSQL, its lease already gone
            }
            notifyAll(); // awaitNoRun
            return step;
        } else if (event instanceof OwnershipEvent.LeaseDeleted deleted) {
            return leaseDeleted(deleted.lease(), entry);
        } else if (event instanceof OwnershipEvent.TakenElsewhere && entry.phase == JobPhase.HELD_OFF) {
            entry.phase = JobPhase.FREE; // the hold-off has served its purpose
            return accept();
        }
        return REFUSED; // LeaseHeld: a heartbeat that recovers does not undo a give-up; nothing else applies
    }

    private Step claim(int weight, JobState entry) {
        if (!claimable(entry, weight)) {
            return REFUSED;
        }
        used += weight;
        entry.weight = weight;
        entry.endangered = false;
        entry.owned = null;
        entry.phase = JobPhase.ACQUIRING;
        return accept(new RequestLease(entry.name));
    }

    private Step granted(OwnedJob owned, JobState entry) {
        if (entry.phase != JobPhase.ACQUIRING) {
            return new Step(false, List.of(new DeleteLease(owned.name(), owned.lease()))); // never asked for
        }
        if (entry.endangered || !claiming) {
            log.warn(
                    "Job '{}' (epoch {}) was given up while it was acquired; its lease is released",
                    owned.name(),
                    owned.epoch());
            entry.owned = owned;
            return new Step(false, entry.releasing(owned.lease(), false, Duration.ZERO));
        }
        entry.owned = owned;
        entry.phase = JobPhase.OWNED;
        log.info("Acquired job '{}' at epoch {} ({} of {} tokens used)", owned.name(), owned.epoch(), used, capacity);
        return accept(new Schedule(owned));
    }

    private Step refused(OwnershipEvent.Refused refused, JobState entry) {
        if (entry.phase != JobPhase.ACQUIRING) {
            return refused.granted() == null
                    ? REFUSED
                    : new Step(false, List.of(new DeleteLease(refused.job(), refused.granted())));
        }
        List<OwnershipAction> actions = new ArrayList<>(List.of(new NotAcquired(refused.job(), refused.reason())));
        if (refused.granted() != null) {
            actions.addAll(entry.releasing(refused.granted(), false, Duration.ZERO));
        } else {
            used -= entry.weight;
            entry.phase = JobPhase.FREE;
        }
        return new Step(true, actions);
    }

    private Step leaseDeleted(Lease lease, JobState entry) {
        if (entry.phase == JobPhase.RETIRING && entry.cutOff && entry.lease == lease) {
            entry.lease = null; // its run still counts its tokens until RunEnded
            return accept();
        }
        if (entry.phase != JobPhase.RELEASING || entry.lease != lease) {
            return REFUSED;
        }
        used -= entry.weight;
        boolean holdOff = !entry.holdOff.isZero() && !entry.holdOff.isNegative();
        entry.heldOffUntil = holdOff ? clock.instant().plus(entry.holdOff) : null;
        entry.phase = holdOff ? JobPhase.HELD_OFF : JobPhase.FREE;
        String epoch = entry.owned == null ? "not advanced" : Long.toString(entry.owned.epoch());
        entry.owned = null;
        entry.lease = null;
        if (entry.announce) {
            log.info("Released job '{}' (epoch {}; {} of {} tokens used)", entry.name, epoch, used, capacity);
            return accept(new Announce(entry.name));
        }
        log.info(
                "Job '{}' (epoch {}) no longer runs here; its tokens are free ({} of {} tokens used)",
                entry.name,
                epoch,
                used,
                capacity);
        return accept();
    }

    private static Step accept(OwnershipAction... actions) {
        return new Step(true, List.of(actions));
    }

    public synchronized JobPhase phase(String job) {
        JobState entry = jobs.get(job);
        return entry == null ? JobPhase.FREE : entry.phase;
    }

    /** Whether a claim of {@code job} with {@code weight} would be accepted now. */
    public synchronized boolean mayClaim(String job, int weight) {
        JobState entry = jobs.get(job);
        return claimable(entry == null ? new JobState(job) : entry, weight);
    }

    private boolean claimable(JobState entry, int weight) {
        boolean free =
                entry.phase == JobPhase.FREE || (entry.phase == JobPhase.HELD_OFF && !entry.isHeldOff(clock.instant()));
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
        return entry == null ? JobPhase.FREE.name() : entry.describe(clock.instant());
    }

    /** The jobs in {@code phase} now. */
    public synchronized List<String> inPhase(JobPhase phase) {
        return jobs.values().stream()
                .filter(entry -> entry.phase == phase)
                .map(entry -> entry.name)
                .toList();
    }

    /** Waits up to {@code timeout} until no run of {@code job} goes here; whether none does. */
    public synchronized boolean awaitNoRun(String job, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (phase(job) == JobPhase.RUNNING || phase(job) == JobPhase.RETIRING) {
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
