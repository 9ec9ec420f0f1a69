package io.scalepoc.control;

import io.scalepoc.support.ScalePocException;
import java.time.Duration;

/**
 * A trigger refused because as many triggers of the job as {@code scalepoc.control.max-pending-triggers}
 * allows already wait; {@link #retryAfter} is about how long the owner takes to run one of them.
 */
public class TriggerQueueFullException extends ScalePocException {

    private final Duration retryAfter;

    public TriggerQueueFullException(String message, Duration retryAfter) {
        super(message, null);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
