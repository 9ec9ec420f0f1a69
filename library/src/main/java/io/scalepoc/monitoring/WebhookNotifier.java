package io.scalepoc.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.support.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs every alert event as JSON to a webhook, from a bounded queue on thread {@code
 * scalepoc-webhook}, so that a slow or dead receiver never blocks a monitor. Each event gets up to
 * {@code maxAttempts} attempts with exponential back-off (Spring's {@link RetryTemplate}); 2xx is
 * delivered, 4xx other than 408/429 is not retried. A full queue drops its oldest event. Every
 * outcome is counted ({@code scalepoc.alerts.webhook{result}}) and failures are logged.
 *
 * <p>Events live in memory: those still queued when the replica stops are lost (the alerts
 * themselves are in PostgreSQL and the API).
 */
public class WebhookNotifier implements AlertNotifier, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;
    private final RetryTemplate retry;
    private final JsonMapper json;
    private final BlockingDeque<AlertEvent> queue;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private final Thread sender;
    private volatile boolean running = true;

    public WebhookNotifier(
            URI url,
            Duration timeout,
            int maxAttempts,
            Duration backoff,
            int capacity,
            JsonMapper json,
            MeterRegistry meters) {
        this.url = url;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(maxAttempts - 1L)
                .delay(backoff)
                .multiplier(2)
                .maxDelay(Duration.ofMinutes(1))
                .predicate(e -> !(e instanceof RejectedByReceiver))
                .build());
        this.queue = new LinkedBlockingDeque<>(capacity);
        this.delivered = counter(meters, "delivered");
        this.failed = counter(meters, "failed");
        this.dropped = counter(meters, "dropped");
        this.sender = new Thread(this::loop, "scalepoc-webhook");
        sender.setDaemon(true);
        sender.start();
    }

    private static Counter counter(MeterRegistry meters, String result) {
        return Counter.builder("scalepoc.alerts.webhook")
                .description("Alert events sent to the webhook, by result")
                .tag("result", result)
                .register(meters);
    }

    @Override
    public void send(AlertEvent event) {
        while (!queue.offerLast(event)) {
            AlertEvent oldest = queue.pollFirst();
            if (oldest != null) {
                dropped.increment();
                log.warn(
                        "Webhook queue full: dropped {} of {} alert on job '{}'",
                        oldest.event(),
                        oldest.alert().type(),
                        oldest.alert().job());
            }
        }
    }

    private void loop() {
        while (running) {
            AlertEvent event;
            try {
                event = queue.takeFirst();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            deliver(event);
        }
    }

    private void deliver(AlertEvent event) {
        try {
            byte[] body = json.writeValueAsBytes(payload(event));
            retry.execute(() -> post(body));
            delivered.increment();
        } catch (RetryException e) {
            failed.increment();
            Throwable last = e.getCause() != null ? e.getCause() : e;
            log.warn(
                    "Could not deliver {} of {} alert on job '{}' to the webhook {}: {}",
                    event.event(),
                    event.alert().type(),
                    event.alert().job(),
                    Redaction.url(url.toString()),
                    Redaction.withoutUrl(last.toString(), url.toString()));
        } catch (RuntimeException e) {
            failed.increment();
            log.error(
                    "Could not deliver {} to the webhook {}: {}",
                    event.event(),
                    Redaction.url(url.toString()),
                    Redaction.withoutUrl(e.toString(), url.toString()));
        }
    }

    private Void post(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) {
            return null;
        }
        if (status / 100 == 4 && status != 408 && status != 429) {
            throw new RejectedByReceiver(status);
        }
        throw new IOException("webhook answered HTTP " + status);
    }

    static Map<String, Object> payload(AlertEvent event) {
        Alert alert = event.alert();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", event.event());
        payload.put("id", alert.id());
        payload.put("type", alert.type().name());
        payload.put("job", alert.job());
        payload.put("replica", alert.replica());
        payload.put("message", alert.message());
        payload.put("firstSeen", alert.firstSeen());
        payload.put("lastSeen", alert.lastSeen());
        payload.put("resolvedAt", alert.resolvedAt());
        payload.put("resolvedBy", alert.resolvedBy());
        return payload;
    }

    /** Stops sending; events still queued are dropped. */
    @Override
    public void close() {
        running = false;
        sender.interrupt();
    }

    /** The receiver refused the event for good (a 4xx): no use retrying. */
    private static final class RejectedByReceiver extends IOException {
        RejectedByReceiver(int status) {
            super("webhook rejected the event with HTTP " + status);
        }
    }
}
