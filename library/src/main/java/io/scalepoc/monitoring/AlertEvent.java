package io.scalepoc.monitoring;

/**
 * An alert opening ({@code alert.opened}) or resolution ({@code alert.resolved}): the stable event
 * name in logs and webhook payloads, and the alert as stored.
 */
public record AlertEvent(String event, Alert alert) {

    public static final String OPENED = "alert.opened";
    public static final String RESOLVED = "alert.resolved";
}
