package io.scalepoc.ownership;

/**
 * The check every chunk transaction makes before it commits: the execution's epoch must still be
 * the job's current epoch. Called inside the transaction; it holds a share lock on the epoch row
 * until commit, so a takeover (which increments the epoch) and a chunk commit are serialised. A
 * transaction that then sits idle for a whole lease (its replica frozen) is ended by PostgreSQL, so
 * that the takeover does not wait for the frozen replica to wake up.
 */
public interface EpochFence {

    /** Throws {@link StaleEpochException} when {@code epoch} is no longer the job's current epoch. */
    void check(String jobName, long epoch);

    /** Throws {@link StaleEpochException} when {@code token}'s epoch is no longer its job's current epoch. */
    default void check(RunToken token) {
        check(token.job(), token.epoch());
    }
}
