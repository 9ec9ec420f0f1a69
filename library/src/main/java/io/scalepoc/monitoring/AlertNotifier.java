package io.scalepoc.monitoring;

/** Sends alert events somewhere outside. Must not block the caller (a monitor). */
public interface AlertNotifier {

    void send(AlertEvent event);

    /** Where nothing is configured. */
    AlertNotifier NONE = event -> {};
}
