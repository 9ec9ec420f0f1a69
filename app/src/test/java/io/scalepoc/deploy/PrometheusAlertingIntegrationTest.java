package io.scalepoc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.TestDynamoDb;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped alert rules in a real Prometheus (Debian's, which {@code scripts/tools.sh} installs with
 * promtool), scraping three real replicas: when an owner goes away and no survivor has a free token,
 * Prometheus itself fires {@code ScalePocJobOrphaned} for its job and {@code
 * ScalePocCapacityShortfall}. So metric names, labels and rule expressions cannot drift apart. The
 * rules are used as shipped except their {@code for:} durations (minutes), shortened to seconds.
 */
class PrometheusAlertingIntegrationTest {

    private static final List<String> JOBS = List.of("customers-sync", "products-sync", "orders-sync");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void shouldFireTheShippedAlertsInPrometheusWhenAnOwnerGoesAndNobodyCanAdoptItsJob() throws Exception {
        Cluster cluster = Cluster.create();
        List<Replica> replicas = new ArrayList<>();
        Process prometheus = null;
        Path dir = Files.createTempDirectory(Path.of("target"), "prometheus-");
        try {
            for (String id : List.of("p1", "p2", "p3")) {
                replicas.add(Replica.builder(id, cluster)
                        .tokens(1)
                        .onlyJobs("2s", JOBS.toArray(String[]::new))
                        .start());
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> replicas.stream().allMatch(r -> r.ownedJobs().size() == 1));

            int port = TestDynamoDb.freePort();
            Files.writeString(
                    dir.resolve("rules.yml"),
                    shortened(Files.readString(Path.of("observability/prometheus-rules.yml"))));
            Files.writeString(
                    dir.resolve("prometheus.yml"),
                    """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    rule_files: [rules.yml]
                    scrape_configs:
                      - job_name: scale-poc
                        metrics_path: /actuator/prometheus
                        static_configs:
                          - targets: [%s]
                    """
                            .formatted(replicas.stream()
                                    .map(r -> "'127.0.0.1:" + r.port() + "'")
                                    .collect(Collectors.joining(", "))));
            prometheus = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + dir.resolve("prometheus.yml"),
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            String base = "http://127.0.0.1:" + port;
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> query(base, "count(up == 1)").equals("3")
                            && query(base, "count(sum by (job_name) (scalepoc_job_owned) == 1)")
                                    .equals("3"));
            assertThat(firing(base))
                    .as("neither fires while every job has an owner")
                    .noneMatch(alert ->
                            alert.startsWith("ScalePocJobOrphaned") || alert.startsWith("ScalePocCapacityShortfall"));

            Replica gone = replicas.remove(2);
            String orphan = gone.ownedJobs().iterator().next();
            gone.close();

            await("Prometheus fires the shipped rules for the orphaned job")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> firing(base)
                            .containsAll(List.of("ScalePocJobOrphaned " + orphan, "ScalePocCapacityShortfall ")));
            assertThat(firing(base))
                    .noneMatch(alert ->
                            alert.startsWith("ScalePocJobOrphaned ") && !alert.equals("ScalePocJobOrphaned " + orphan));
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
            replicas.forEach(Replica::close);
        }
    }

    /** The shipped rules with every {@code for:} duration made 3 s, so the test waits seconds, not minutes. */
    static String shortened(String rules) {
        return rules.replaceAll("(?m)^(?<indent>\\s+for:\\s*)\\S+", "${indent}3s");
    }

    /** Firing alerts as "alertname job_name" ("alertname " when it has no job). */
    private static List<String> firing(String base) throws IOException, InterruptedException {
        List<String> firing = new ArrayList<>();
        for (JsonNode alert : get(base + "/api/v1/alerts").get("data").get("alerts")) {
            if (alert.get("state").asText().equals("firing")) {
                firing.add(alert.get("labels").get("alertname").asText() + " "
                        + alert.get("labels").path("job_name").asText(""));
            }
        }
        return firing;
    }

    /** The value of an instant query that answers one sample; "" when it answers none. */
    private static String query(String base, String promql) throws IOException, InterruptedException {
        JsonNode result = get(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .get("data")
                .get("result");
        return result.isEmpty() ? "" : result.get(0).get("value").get(1).asText();
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
