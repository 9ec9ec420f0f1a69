package io.scalepoc.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.WebhookReceiver;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The alert pipeline against real PostgreSQL and a real HTTP receiver: deduplication by type + job,
 * resolution, webhook delivery through retries, counters and the open-alert gauge.
 */
class AlertsIntegrationTest {

    private static final AlertKey STALE_ORDERS = new AlertKey(AlertType.STALE, "orders-sync");

    @Test
    void shouldStoreOneAlertPerTypeAndJobAndDeliverOpeningAndResolutionThroughRetries() {
        Cluster cluster = Cluster.create();
        try (WebhookReceiver webhook = WebhookReceiver.failingFirst(2);
                Replica replica = Replica.builder("alerting", cluster)
                        .tokens(0)
                        .property("scalepoc.alerts.webhook-url", webhook.url())
                        .property("scalepoc.alerts.webhook-backoff", "50ms")
                        .property("scalepoc.alerts.webhook-max-attempts", "4")
                        .start()) {
            Alerts alerts = replica.bean(Alerts.class);
            MeterRegistry meters = replica.bean(MeterRegistry.class);

            alerts.raise(STALE_ORDERS, "late by 1 minute");
            alerts.raise(STALE_ORDERS, "late by 2 minutes");
            alerts.raise(AlertKey.cluster(AlertType.CAPACITY_SHORTFALL), "short by 1 token");

            Map<String, Object> row = replica.jdbc()
                    .queryForMap(
                            "SELECT count(*) AS n, max(message) AS message, bool_and(last_seen > first_seen) AS refreshed"
                                    + " FROM datasync.alert WHERE type = 'STALE' AND job_name = 'orders-sync'");
            assertThat(row)
                    .containsEntry("n", 1L)
                    .containsEntry("message", "late by 2 minutes")
                    .containsEntry("refreshed", true);
            alerts.refreshOpenCounts();
            assertThat(meters.get("scalepoc.alerts.open")
                            .tag("type", "STALE")
                            .gauge()
                            .value())
                    .isEqualTo(1.0);
            assertThat(meters.get("scalepoc.alerts.events")
                            .tags("type", "STALE", "event", "alert.opened")
                            .counter()
                            .count())
                    .isEqualTo(1.0);

            alerts.resolve(STALE_ORDERS);
            alerts.resolve(STALE_ORDERS); // nothing open any more: no second resolution
            alerts.raise(STALE_ORDERS, "late again");

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> webhook.delivered().size() == 4);
            assertThat(webhook.attempts())
                    .as("two failed attempts were retried")
                    .isEqualTo(6);
            assertThat(webhook.delivered().stream()
                            .map(body -> body.get("event").asText() + " "
                                    + body.get("type").asText()))
                    .containsExactly(
                            "alert.opened STALE",
                            "alert.opened CAPACITY_SHORTFALL",
                            "alert.resolved STALE",
                            "alert.opened STALE");
            JsonNode resolved =
                    webhook.delivered("alert.resolved", "STALE", "orders-sync").get(0);
            assertThat(resolved.get("resolvedBy").asText()).isEqualTo("alerting");
            assertThat(resolved.get("message").asText()).isEqualTo("late by 2 minutes");
            assertThat(resolved.get("replica").asText()).isEqualTo("alerting");
            JsonNode reopened =
                    webhook.delivered("alert.opened", "STALE", "orders-sync").get(1);
            assertThat(reopened.get("id").asLong())
                    .isNotEqualTo(resolved.get("id").asLong());
            assertThat(meters.get("scalepoc.alerts.webhook")
                            .tag("result", "delivered")
                            .counter()
                            .count())
                    .isEqualTo(4.0);
            assertThat(replica.jdbc().queryForObject("SELECT count(*) FROM datasync.alert", Long.class))
                    .isEqualTo(3);
        }
    }

    /**
     * A condition that comes and goes between checks: raised, found absent, raised again. The alert
     * stays open until no check has raised it for the quiet period, so the webhook hears of one
     * opening and one resolution.
     */
    @Test
    void shouldResolveOnlyAfterTheConditionHasBeenAbsentForTheQuietPeriod() {
        Cluster cluster = Cluster.create();
        try (WebhookReceiver webhook = WebhookReceiver.start();
                Replica replica = Replica.builder("alerting", cluster)
                        .tokens(0)
                        .property("scalepoc.alerts.webhook-url", webhook.url())
                        .property("scalepoc.monitoring.resolve-quiet-period", "3s")
                        .start()) {
            Alerts alerts = replica.bean(Alerts.class);

            for (int check = 0; check < 3; check++) {
                alerts.raise(STALE_ORDERS, "late");
                alerts.resolve(STALE_ORDERS); // the next check no longer finds it
                assertThat(alerts.open()).extracting(Alert::key).containsExactly(STALE_ORDERS);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                alerts.resolve(STALE_ORDERS);
                return alerts.open().isEmpty();
            });

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> webhook.delivered().size() == 2);
            assertThat(webhook.delivered().stream()
                            .map(body -> body.get("event").asText()))
                    .containsExactly("alert.opened", "alert.resolved");
            Map<String, Object> row = replica.jdbc()
                    .queryForMap(
                            "SELECT count(*) AS n, bool_and(resolved_at - last_seen >= interval '3 seconds') AS quiet"
                                    + " FROM datasync.alert WHERE type = 'STALE'");
            assertThat(row).containsEntry("n", 1L).containsEntry("quiet", true);
        }
    }

    @Test
    void shouldGiveUpOnAnUnreachableWebhookWithoutBlockingTheMonitor() {
        Cluster cluster = Cluster.create();
        try (WebhookReceiver gone = WebhookReceiver.start()) {
            String url = gone.url();
            gone.close();
            try (Replica replica = Replica.builder("alerting", cluster)
                    .tokens(0)
                    .property("scalepoc.alerts.webhook-url", url)
                    .property("scalepoc.alerts.webhook-backoff", "500ms")
                    .property("scalepoc.alerts.webhook-max-attempts", "3")
                    .start()) {
                Alerts alerts = replica.bean(Alerts.class);
                MeterRegistry meters = replica.bean(MeterRegistry.class);
                alerts.raise(STALE_ORDERS, "late");
                // three attempts with 0.5 s and 1 s between them: raise has returned long before they end
                assertThat(meters.get("scalepoc.alerts.webhook")
                                .tag("result", "failed")
                                .counter()
                                .count())
                        .isZero();
                assertThat(alerts.open()).extracting(Alert::key).containsExactly(STALE_ORDERS);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> meters.get("scalepoc.alerts.webhook")
                                        .tag("result", "failed")
                                        .counter()
                                        .count()
                                == 1.0);
            }
        }
    }
}
