package io.scalepoc.ownership;

import io.scalepoc.ownership.OwnershipAction.DeleteLease;
import io.scalepoc.ownership.OwnershipAction.MarkReleased;
import io.scalepoc.ownership.OwnershipAction.NotifyHandOver;
import io.scalepoc.ownership.OwnershipAction.Record;
import io.scalepoc.ownership.OwnershipAction.Unschedule;
import io.scalepoc.ownership.OwnershipEvent.Trouble;
import io.scalepoc.ownership.OwnershipMachine.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's state in the {@link OwnershipMachine}, with the transitions that leave the token count
 * alone: giving the job up, releasing it, hand-overs, ticks and runs. Guarded by the machine's
 * monitor; the times are the machine's clock's, passed in.
 */
final class JobState {

    private static final Logger log = LoggerFactory.getLogger(JobState.class);
    static final Step REFUSED = new Step(false, List.of());

    final String name;
    JobPhase phase = JobPhase.FREE;
    /** The weight counted while the job is neither FREE nor HELD_OFF. */
    int weight;
    /** OWNED, RUNNING, RETIRING: the job as acquired (its epoch and lease). */
    OwnedJob owned;
    /** OWNED, RUNNING: a hand-over asked of the next tick. */
    HandOver handOver;
    /** HELD_OFF: not claimed before this (on the machine's clock). */
    Instant heldOffUntil;
    /** ACQUIRING: given up before the grant came back. */
    boolean endangered;
    /** RELEASING, and RETIRING when cut off: the lease being deleted (null once it is), the announce and hold-off after. */
    Lease lease;
    /** RETIRING: cut off from PostgreSQL, the lease let go before the run ended. */
    boolean cutOff;

    boolean announce;
    Duration holdOff = Duration.ZERO;

    JobState(String name) {
        this.name = name;
    }

    boolean isOwned() {
        return phase == JobPhase.OWNED || phase == JobPhase.RUNNING;
    }

    boolean isOwned(OwnedJob job) {
        return owned == job && isOwned();
    }

    boolean isHeldOff(Instant now) {
        return phase == JobPhase.HELD_OFF && heldOffUntil != null && now.isBefore(heldOffUntil);
    }

    Step giveUp(Trouble trouble) {
        if (phase == JobPhase.ACQUIRING) {
            endangered = true; // the sweep's Granted gives the lease back
            return new Step(true, List.of());
        }
        if (phase == JobPhase.RETIRING && trouble == Trouble.DATABASE_OUTAGE && !cutOff) {
            return cutOff();
        }
        if (!isOwned()) {
            return REFUSED;
        }
        log.warn(trouble.logLine, name, owned.epoch());
        List<OwnershipAction> actions = new ArrayList<>(List.of(new Unschedule(owned, true)));
        if (trouble.eventType != null) {
            actions.add(new Record(name, trouble.eventType, owned.epoch(), trouble.detail));
        }
        handOver = null;
        if (phase == JobPhase.RUNNING) {
            phase = JobPhase.RETIRING; // its lease goes when the run ends (RunEnded)
            if (trouble == Trouble.DATABASE_OUTAGE) {
                actions.addAll(cutOff().actions());
            }
        } else {
            actions.addAll(releasing(owned.lease(), false, Duration.ZERO));
        }
        return new Step(true, actions);
    }

    /**
     * RETIRING, and PostgreSQL has not answered for the outage grace: the one case where the lease
     * goes while a run still goes here. That run can commit nothing without its database, and the
     * epoch fence rejects it once PostgreSQL answers, so waiting for it — it may hang on a dead
     * connection for many minutes — would only keep a replica that reaches PostgreSQL from adopting
     * the job. Its tokens stay counted until it ends.
     */
    private Step cutOff() {
        cutOff = true;
        lease = owned.lease();
        return new Step(true, List.of(new DeleteLease(name, lease)));
    }

    Step release(Duration holdOff, String why) {
        if (phase != JobPhase.OWNED) {
            return REFUSED; // not ours, or running: released between runs only
        }
        List<OwnershipAction> actions = new ArrayList<>(List.of(
                new Unschedule(owned, false),
                new MarkReleased(owned),
                new Record(name, "RELEASED", owned.epoch(), why)));
        handOver = null;
        actions.addAll(releasing(owned.lease(), true, holdOff));
        return new Step(true, actions);
    }

    Step handOverRequested(HandOver request) {
        if (!isOwned()) {
            return REFUSED;
        }
        handOver = request;
        return new Step(true, List.of(new NotifyHandOver(request)));
    }

    /** Accepted when the tick may go on: the job is owned at that epoch and was not handed over now. */
    Step tick(OwnedJob job, Instant now) {
        if (!isOwned(job)) {
            return REFUSED; // a schedule of an epoch no longer owned: it ends
        }
        HandOver pending = handOver;
        if (pending != null && phase == JobPhase.OWNED) {
            handOver = null;
            if (pending.isDue(now)) {
                return new Step(
                        false, release(pending.holdOff(), pending.reason()).actions());
            }
            log.info(
                    "Not handing job '{}' over: the request ({}) lapsed at {} while the job ran; the next sweep "
                            + "decides again",
                    name,
                    pending.reason(),
                    pending.notAfter());
        }
        return new Step(true, List.of());
    }

    Step runStarting(OwnedJob job, Instant now) {
        boolean handOverDue = handOver != null && handOver.isDue(now);
        if (!isOwned(job) || phase != JobPhase.OWNED || handOverDue) {
            return REFUSED;
        }
        phase = JobPhase.RUNNING;
        return new Step(true, List.of());
    }

    Step runEnded(OwnedJob job) {
        if (owned != job || (phase != JobPhase.RUNNING && phase != JobPhase.RETIRING)) {
            return REFUSED;
        }
        if (phase == JobPhase.RUNNING) {
            phase = JobPhase.OWNED;
            return new Step(true, List.of());
        }
        if (!cutOff) {
            return new Step(true, releasing(job.lease(), false, Duration.ZERO));
        }
        cutOff = false; // its lease was let go at the cut-off: FREE once deleted (the machine frees the tokens)
        phase = lease == null ? JobPhase.FREE : JobPhase.RELEASING;
        if (phase == JobPhase.FREE) {
            owned = null;
        }
        announce = false;
        holdOff = Duration.ZERO;
        return new Step(true, List.of());
    }

    /** Into RELEASING: nothing of the job runs here; the lease is deleted, then the tokens freed. */
    List<OwnershipAction> releasing(Lease deleted, boolean announceAfter, Duration holdOffAfter) {
        phase = JobPhase.RELEASING;
        lease = deleted;
        announce = announceAfter;
        holdOff = holdOffAfter;
        return List.of(new DeleteLease(name, deleted));
    }

    /** Everything held of the job, in a line (for the logs and the exhaustive test). */
    String describe(Instant now) {
        return phase
                + (endangered && phase == JobPhase.ACQUIRING ? " endangered" : "")
                + (cutOff ? " cut off" + (lease == null ? ", lease gone" : ", deleting") : "")
                + (phase == JobPhase.RELEASING ? " then " + (announce ? "announce, " : "") + "hold off " + holdOff : "")
                + (isHeldOff(now) ? " until " + heldOffUntil : "")
                + (handOver == null ? "" : handOver.isDue(now) ? " hand-over due" : " hand-over lapsed");
    }
}
