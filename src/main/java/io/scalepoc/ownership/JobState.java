package io.scalepoc.ownership;

import io.scalepoc.ownership.OwnershipAction.DeleteLease;
import io.scalepoc.ownership.OwnershipAction.MarkReleased;
import io.scalepoc.ownership.OwnershipAction.NotifyHandOver;
import io.scalepoc.ownership.OwnershipAction.Record;
import io.scalepoc.ownership.OwnershipAction.Unschedule;
import io.scalepoc.ownership.OwnershipEvent.Trouble;
import io.scalepoc.ownership.OwnershipMachine.Phase;
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
    Phase phase = Phase.FREE;
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
    /** RELEASING: the lease being deleted, whether to announce the job, and the hold-off after. */
    Lease lease;

    boolean announce;
    Duration holdOff = Duration.ZERO;

    JobState(String name) {
        this.name = name;
    }

    boolean isOwned() {
        return phase == Phase.OWNED || phase == Phase.RUNNING;
    }

    boolean isOwned(OwnedJob job) {
        return owned == job && isOwned();
    }

    boolean isHeldOff(Instant now) {
        return phase == Phase.HELD_OFF && heldOffUntil != null && now.isBefore(heldOffUntil);
    }

    Step giveUp(Trouble trouble) {
        if (phase == Phase.ACQUIRING) {
            endangered = true; // the sweep's Granted gives the lease back
            return new Step(true, List.of());
        }
        if (!isOwned()) {
            return REFUSED;
        }
        log.warn("Giving up job '{}' (epoch {}): {}", name, owned.epoch(), trouble.detail);
        List<OwnershipAction> actions = new ArrayList<>(List.of(new Unschedule(owned, true)));
        if (trouble.eventType != null) {
            actions.add(new Record(name, trouble.eventType, owned.epoch(), trouble.detail));
        }
        handOver = null;
        if (phase == Phase.RUNNING) {
            phase = Phase.RETIRING; // its lease goes when the run ends (RunEnded)
        } else {
            actions.addAll(releasing(owned.lease(), false, Duration.ZERO));
        }
        return new Step(true, actions);
    }

    Step release(Duration holdOff, String why) {
        if (phase != Phase.OWNED) {
            return REFUSED; // not ours, or running: released between runs only
        }
        List<OwnershipAction> actions = new ArrayList<>(List.of(
                new Unschedule(owned, false),
                new MarkReleased(owned),
                new Record(name, "RELEASED", owned.epoch(), why)));
        log.info("Releasing job '{}' (epoch {}): {}", name, owned.epoch(), why);
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
        if (pending != null && phase == Phase.OWNED) {
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
        if (!isOwned(job) || phase != Phase.OWNED || handOverDue) {
            return REFUSED;
        }
        phase = Phase.RUNNING;
        return new Step(true, List.of());
    }

    Step runEnded(OwnedJob job) {
        if (owned != job || (phase != Phase.RUNNING && phase != Phase.RETIRING)) {
            return REFUSED;
        }
        if (phase == Phase.RUNNING) {
            phase = Phase.OWNED;
            return new Step(true, List.of());
        }
        return new Step(true, releasing(job.lease(), false, Duration.ZERO));
    }

    /** Into RELEASING: nothing of the job runs here; the lease is deleted, then the tokens freed. */
    List<OwnershipAction> releasing(Lease deleted, boolean announceAfter, Duration holdOffAfter) {
        phase = Phase.RELEASING;
        lease = deleted;
        announce = announceAfter;
        holdOff = holdOffAfter;
        return List.of(new DeleteLease(name, deleted));
    }

    /** Everything held of the job, in a line (for the logs and the exhaustive test). */
    String describe(Instant now) {
        return phase
                + (endangered && phase == Phase.ACQUIRING ? " endangered" : "")
                + (phase == Phase.RELEASING ? " then " + (announce ? "announce, " : "") + "hold off " + holdOff : "")
                + (isHeldOff(now) ? " until " + heldOffUntil : "");
    }
}
