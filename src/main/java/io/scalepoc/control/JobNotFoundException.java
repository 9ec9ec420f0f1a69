package io.scalepoc.control;

import io.scalepoc.support.ScalePocException;

/** The API named a job that is not in the catalog. */
public class JobNotFoundException extends ScalePocException {

    public JobNotFoundException(String jobName) {
        super("There is no job named '" + jobName + "' in the catalog", null);
    }
}
