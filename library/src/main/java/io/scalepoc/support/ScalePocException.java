package io.scalepoc.support;

/** Base of scale-poc's own exceptions. */
public class ScalePocException extends RuntimeException {

    public ScalePocException(String message) {
        super(message);
    }

    public ScalePocException(String message, Throwable cause) {
        super(message, cause);
    }
}
