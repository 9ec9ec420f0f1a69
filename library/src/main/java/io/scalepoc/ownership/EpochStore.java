package io.scalepoc.ownership;

import java.util.Map;
import java.util.OptionalLong;

/** Per-job fencing epochs, kept in PostgreSQL. */
public interface EpochStore {

    /** Increments the job's epoch for a new acquisition by {@code owner} and returns it (1 for a new job). */
    long advance(String jobName, String owner);

    /** The job's current epoch, if it was ever acquired. */
    OptionalLong current(String jobName);

    /** Records that the holder of {@code epoch} released the job (no effect if the epoch moved on). */
    void markReleased(String jobName, long epoch);

    /** The epoch row of every job ever acquired: its latest owner and whether that owner released it. */
    Map<String, EpochRecord> records();
}
