package io.scalepoc.ownership;

import java.time.Duration;

/**
 * What can happen to one job's ownership on this replica: the inputs of {@link OwnershipMachine}.
 * The claim thread, the lease store's danger threads and the job threads each turn what
 * they saw into one of these and hand it to {@link JobOwnership}, which feeds them to the machine
 * one at a time.
 */
public sealed interface OwnershipEvent {

    /** The job the event is about; null for {@link StopClaiming}, which is about the replica. */
    String job();

    /** A sweep wants the job (its lease is free or idle, and the balance lets it take it). */
    record Claim(String job, int weight) implements OwnershipEvent {}

    /** The lease was granted and the epoch advanced: the job is this replica's at {@code owned}'s epoch. */
    record Granted(OwnedJob owned) implements OwnershipEvent {
        @Override
        public String job() {
            return owned.name();
        }
    }

    /**
     * The claim came to nothing: {@code reason} is {@code unavailable} (held elsewhere, or the table
     * did not answer) or {@code epoch_failed} (PostgreSQL did not answer), in which case {@code
     * granted} is the lease that must be given back; null otherwise.
     */
    record Refused(String job, String reason, Lease granted) implements OwnershipEvent {}

    /** A sweep or scan found the job's lease renewed as it should be (a heartbeat that recovered, too). */
    record LeaseHeld(String job) implements OwnershipEvent {}

    /** Why a job is given up against this replica's will, how the log says it, and how the job's story records it. */
    enum Trouble {
        /** Heartbeats failed for too long (the lease store's danger callback, or a sweep saw it not held). */
        IN_DANGER(
                "Lease of job '{}' (epoch {}) is in danger: heartbeats have failed for too long. Stopping its execution "
                        + "and giving the job up; its lease is released once nothing of the job runs here",
                "LEASE_IN_DANGER",
                "heartbeats were late (a stall or a slow DynamoDB); the execution is stopped and the job given up"),
        /** Not renewed for a whole lease, or refused at a heartbeat: a peer may hold it now. */
        LOST("Lost the lease of job '{}' (epoch {}); it is no longer run here", "LOST", "its lease was no longer held"),
        /** PostgreSQL has not answered for the database-outage grace: the job cannot run here. */
        DATABASE_OUTAGE(
                "Giving up job '{}' (epoch {}): PostgreSQL has not answered for the database-outage grace, so it "
                        + "cannot run here; a replica that reaches PostgreSQL adopts it",
                null,
                null);

        final String logLine;
        /** The event type in the job's story; null when none is recorded (PostgreSQL is down anyway). */
        final String eventType;

        final String detail;

        Trouble(String logLine, String eventType, String detail) {
            this.logLine = logLine;
            this.eventType = eventType;
            this.detail = detail;
        }
    }

    /** The job must be given up: it stops here, and its lease goes once nothing of it runs here. */
    record GiveUp(String job, Trouble trouble) implements OwnershipEvent {}

    /** Release the job between its runs and stay away from it for {@code holdOff} (the API, shutdown). */
    record ReleaseRequested(String job, Duration holdOff, String why) implements OwnershipEvent {}

    /** Fair balancing or monitor spreading asks the job's tick to hand it over. */
    record HandOverRequested(HandOver handOver) implements OwnershipEvent {
        @Override
        public String job() {
            return handOver.job();
        }
    }

    /** The job's schedule ticks: a due hand-over is carried out now; a schedule of an epoch no longer owned ends. */
    record Tick(OwnedJob owned) implements OwnershipEvent {
        @Override
        public String job() {
            return owned.name();
        }
    }

    /** The tick is about to start a run of the job (accepted only while it is owned at that epoch and idle). */
    record RunStarting(OwnedJob owned) implements OwnershipEvent {
        @Override
        public String job() {
            return owned.name();
        }
    }

    /** The run the machine let start has ended, whatever its outcome. */
    record RunEnded(OwnedJob owned) implements OwnershipEvent {
        @Override
        public String job() {
            return owned.name();
        }
    }

    /** The lease a {@link OwnershipAction.DeleteLease} named is gone (deleted, or left to expire). */
    record LeaseDeleted(String job, Lease lease) implements OwnershipEvent {}

    /** A scan shows a peer holding the job: a hold-off has served its purpose. */
    record TakenElsewhere(String job) implements OwnershipEvent {}

    /** The replica is shutting down: nothing is claimed from now on. */
    record StopClaiming() implements OwnershipEvent {
        @Override
        public String job() {
            return null;
        }
    }
}
