package io.scalepoc.ownership;

import io.scalepoc.support.ScalePocException;

/** A chunk of an execution whose epoch is no longer current tried to commit: another replica owns the job now. */
public class StaleEpochException extends ScalePocException {

    public StaleEpochException(String jobName, long epoch, Long currentEpoch) {
        super("Fenced: job '" + jobName + "' execution carries epoch " + epoch + " but the current epoch is "
                + currentEpoch + "; another replica owns the job now, so this chunk is rolled back");
    }
}
