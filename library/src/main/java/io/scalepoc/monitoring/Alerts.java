package io.scalepoc.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raising and resolving alerts: stored through the {@link AlertStore} (which deduplicates), and for
 * every opening and resolution logged with a stable event name ({@code alert.opened}, {@code
 * alert.resolved}, also as the {@code event} key-value for structured logs), counted in {@code
 * scalepoc.alerts.events{type,event}}, and handed to the {@link AlertNotifier}. {@code
 * scalepoc.alerts.open{type}} is the cluster-wide count of open alerts as of the last {@link
 * #refreshOpenCounts()}; every replica reports it, so aggregate it with {@code max}.
 *
 * <p>An alert resolves only once its condition has been absent for the quiet period ({@code
 * scalepoc.monitoring.resolve-quiet-period}): every check that finds the condition raises it again
 * (its {@code last_seen}), and a resolution is carried out only when nobody has for that long, on
 * PostgreSQL's clock. So a condition that comes and goes between checks opens one alert, not one per
 * check, and each opening or resolution is one webhook call.
 */
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final AlertStore store;
    private final AlertNotifier notifier;
    private final String replica;
    private final Duration quietPeriod;
    private final Map<AlertType, Counter> opened = new EnumMap<>(AlertType.class);
    private final Map<AlertType, Counter> resolved = new EnumMap<>(AlertType.class);
    private final Map<AlertType, AtomicInteger> openCounts = new EnumMap<>(AlertType.class);

    public Alerts(
            AlertStore store, AlertNotifier notifier, String replica, Duration quietPeriod, MeterRegistry meters) {
        this.store = store;
        this.notifier = notifier;
        this.replica = replica;
        this.quietPeriod = quietPeriod;
        for (AlertType type : AlertType.values()) {
            opened.put(type, eventCounter(meters, type, AlertEvent.OPENED));
            resolved.put(type, eventCounter(meters, type, AlertEvent.RESOLVED));
            AtomicInteger count = new AtomicInteger();
            openCounts.put(type, count);
            Gauge.builder("scalepoc.alerts.open", count, AtomicInteger::get)
                    .description("Open alerts cluster-wide, by type (every replica reports the same: use max)")
                    .tag("type", type.name())
                    .register(meters);
        }
    }

    private static Counter eventCounter(MeterRegistry meters, AlertType type, String event) {
        return Counter.builder("scalepoc.alerts.events")
                .description("Alerts opened and resolved by this replica")
                .tag("type", type.name())
                .tag("event", event)
                .register(meters);
    }

    public void raise(AlertKey key, String message) {
        store.raise(key, replica, message).ifPresent(alert -> {
            opened.get(key.type()).increment();
            openCounts.get(key.type()).incrementAndGet();
            log.atWarn()
                    .addKeyValue("event", AlertEvent.OPENED)
                    .addKeyValue("alert.type", key.type())
                    .addKeyValue("alert.job", key.job())
                    .log("{} {} on job '{}': {}", AlertEvent.OPENED, key.type(), key.job(), message);
            send(new AlertEvent(AlertEvent.OPENED, alert));
        });
    }

    public void resolve(AlertKey key) {
        Optional<Alert> done = store.resolve(key, replica, quietPeriod);
        done.ifPresent(alert -> {
            resolved.get(key.type()).increment();
            openCounts.get(key.type()).updateAndGet(count -> Math.max(0, count - 1));
            log.atInfo()
                    .addKeyValue("event", AlertEvent.RESOLVED)
                    .addKeyValue("alert.type", key.type())
                    .addKeyValue("alert.job", key.job())
                    .log(
                            "{} {} on job '{}' (open since {}): {}",
                            AlertEvent.RESOLVED,
                            key.type(),
                            key.job(),
                            alert.firstSeen(),
                            alert.message());
            send(new AlertEvent(AlertEvent.RESOLVED, alert));
        });
    }

    /**
     * Makes the open alerts within {@code scope} exactly {@code conditions}: raises (or refreshes)
     * each condition, with its message, and resolves every open alert in scope that is not one.
     */
    public void reconcile(Predicate<AlertKey> scope, Map<AlertKey, String> conditions) {
        conditions.forEach(this::raise);
        for (Alert alert : store.open()) {
            if (scope.test(alert.key()) && !conditions.containsKey(alert.key())) {
                resolve(alert.key());
            }
        }
    }

    /** Re-reads the cluster-wide open counts behind {@code scalepoc.alerts.open}. */
    public void refreshOpenCounts() {
        Map<AlertType, Integer> counts = new EnumMap<>(AlertType.class);
        for (Alert alert : store.open()) {
            counts.merge(alert.type(), 1, Integer::sum);
        }
        openCounts.forEach((type, count) -> count.set(counts.getOrDefault(type, 0)));
    }

    public List<Alert> open() {
        return store.open();
    }

    public List<Alert> resolved(int limit) {
        return store.resolved(limit);
    }

    private void send(AlertEvent event) {
        try {
            notifier.send(event);
        } catch (RuntimeException e) {
            log.error("Alert notifier failed for {}", event.event(), e);
        }
    }
}
