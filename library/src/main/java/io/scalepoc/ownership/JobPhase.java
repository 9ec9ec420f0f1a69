package io.scalepoc.ownership;

/** Where a job stands on this replica: the states of the {@link OwnershipMachine}. */
public enum JobPhase {
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
