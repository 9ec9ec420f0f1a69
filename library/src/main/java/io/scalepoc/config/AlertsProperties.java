package io.scalepoc.config;

import io.scalepoc.support.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert notifications. Alerts are always stored in PostgreSQL, logged and counted; this adds a
 * webhook.
 *
 * @param webhookUrl when set, every opening and resolution is POSTed here as JSON
 * @param webhookTimeout connect and request timeout of one POST
 * @param webhookMaxAttempts attempts per notification before it is dropped (and counted)
 * @param webhookBackoff wait before the second attempt; doubles with every further attempt
 * @param webhookQueueCapacity notifications waiting to be sent; beyond it the oldest is dropped
 */
public record AlertsProperties(
        String webhookUrl,
        @DefaultValue("5s") Duration webhookTimeout,
        @DefaultValue("5") int webhookMaxAttempts,
        @DefaultValue("1s") Duration webhookBackoff,
        @DefaultValue("1000") int webhookQueueCapacity) {

    public boolean hasWebhook() {
        return webhookUrl != null && !webhookUrl.isBlank();
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (hasWebhook()) {
            try {
                URI uri = new URI(webhookUrl);
                if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
                    problems.add("scalepoc.alerts.webhook-url must be an absolute http(s) URL, but is "
                            + Redaction.url(webhookUrl) + " (the rest is not shown: it may hold a secret)");
                }
            } catch (URISyntaxException e) {
                problems.add("scalepoc.alerts.webhook-url is not a URL (its value is not shown: it may hold a "
                        + "secret): " + e.getReason());
            }
        }
        if (!Durations.isPositive(webhookTimeout)) {
            problems.add("scalepoc.alerts.webhook-timeout must be positive, but is " + webhookTimeout);
        }
        if (webhookMaxAttempts < 1) {
            problems.add("scalepoc.alerts.webhook-max-attempts must be 1 or more, but is " + webhookMaxAttempts);
        }
        if (!Durations.isPositive(webhookBackoff)) {
            problems.add("scalepoc.alerts.webhook-backoff must be positive, but is " + webhookBackoff);
        }
        if (webhookQueueCapacity < 1) {
            problems.add("scalepoc.alerts.webhook-queue-capacity must be 1 or more, but is " + webhookQueueCapacity);
        }
        return problems;
    }
}
