package io.scalepoc.ownership;

import io.scalepoc.ownership.OwnershipAction.Announce;
import io.scalepoc.ownership.OwnershipAction.DeleteLease;
import io.scalepoc.ownership.OwnershipAction.MarkReleased;
import io.scalepoc.ownership.OwnershipAction.NotAcquired;
import io.scalepoc.ownership.OwnershipAction.NotifyHandOver;
import io.scalepoc.ownership.OwnershipAction.Record;
import io.scalepoc.ownership.OwnershipAction.Schedule;
import io.scalepoc.ownership.OwnershipAction.Unschedule;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what the {@link OwnershipMachine} decided: tells the listeners (schedules, metrics,
 * local executions), deletes leases, records the job's story, marks epochs released, announces free
 * jobs. Never throws: a failed delete leaves the lease to expire, a failed record is logged.
 */
final class OwnershipActions {

    private static final Logger log = LoggerFactory.getLogger(OwnershipActions.class);

    private final String instanceId;
    private final LeaseStore leases;
    private final EpochStore epochs;
    private final ReleaseAnnouncer announcer;
    private final List<OwnershipListener> listeners = new CopyOnWriteArrayList<>();
    private volatile JobEvents events = JobEvents.NONE;

    OwnershipActions(String instanceId, LeaseStore leases, EpochStore epochs, ReleaseAnnouncer announcer) {
        this.instanceId = instanceId;
        this.leases = leases;
        this.epochs = epochs;
        this.announcer = announcer;
    }

    void recordEventsTo(JobEvents events) {
        this.events = events;
    }

    void addListener(OwnershipListener listener) {
        listeners.add(listener);
    }

    /** Carries out {@code action}; a deleted lease is reported back through {@code feed}. */
    void carryOut(OwnershipAction action, Consumer<OwnershipEvent> feed) {
        if (action instanceof Schedule schedule) {
            notifyListeners(listener -> listener.onAcquired(schedule.owned()));
        } else if (action instanceof Unschedule unschedule) {
            notifyListeners(listener -> {
                if (unschedule.lost()) {
                    listener.onLost(unschedule.owned());
                } else {
                    listener.onReleased(unschedule.owned());
                }
            });
        } else if (action instanceof DeleteLease delete) {
            try {
                leases.release(delete.lease());
            } catch (RuntimeException e) {
                log.warn(
                        "Could not release lease '{}', it will expire by itself: {}",
                        delete.lease().key(),
                        e.toString());
            }
            feed.accept(new OwnershipEvent.LeaseDeleted(delete.job(), delete.lease()));
        } else if (action instanceof MarkReleased released) {
            try {
                epochs.markReleased(released.owned().name(), released.owned().epoch());
            } catch (RuntimeException e) {
                log.warn(
                        "Released job '{}' but could not record it in job_epoch: {}",
                        released.owned().name(),
                        e.toString());
            }
        } else if (action instanceof Record record) {
            events.record(record.job(), record.type(), instanceId, record.epoch(), record.detail());
        } else if (action instanceof Announce announce) {
            announcer.announce(announce.job());
        } else if (action instanceof NotifyHandOver handOver) {
            notifyListeners(listener -> listener.onHandOverRequested(handOver.handOver()));
        } else if (action instanceof NotAcquired notAcquired) {
            notifyListeners(listener -> listener.onNotAcquired(notAcquired.job(), notAcquired.reason()));
        } // RequestLease: the sweep that claimed asks for the lease itself
    }

    /** Asks again that the run of a job given up stop (it may have started just after the first request). */
    void askToStop(String job) {
        notifyListeners(listener -> listener.askToStop(job));
    }

    private void notifyListeners(Consumer<OwnershipListener> event) {
        for (OwnershipListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                log.error("Ownership listener {} failed", listener.getClass().getSimpleName(), e);
            }
        }
    }
}
