package io.scalepoc.control;

import io.scalepoc.support.ScalePocException;

/** A control request that the job's current state does not allow (pause a paused job, ...). */
public class ControlConflictException extends ScalePocException {

    public ControlConflictException(String message) {
        super(message, null);
    }
}
