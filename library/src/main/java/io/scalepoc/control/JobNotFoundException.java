package io.scalepoc.control;

import io.scalepoc.support.ScalePocException;

/** The API named a job that is not in the catalog, or something of a job that does not exist. */
public class JobNotFoundException extends ScalePocException {

    public JobNotFoundException(String jobName) {
        this(jobName, "There is no job named '" + jobName + "' in the catalog");
    }

    public JobNotFoundException(String jobName, String message) {
        super(message, null);
    }
}
