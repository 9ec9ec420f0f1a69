package io.scalepoc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;

/**
 * The status page's run timeline, end to end in headless Chromium, fed by one request per refresh
 * ({@code GET /api/overview}): a run the test triggered is a bar of its job's lane, a failed run is
 * a bar in the failed colour, and after the owner — a child JVM — is sent SIGTERM, its lanes carry
 * the release and the peer's acquisition (with the new epoch), and the replica lanes show the
 * tokens moving. A screenshot is written to {@code target/status-page-timeline.png}.
 */
class StatusPageTimelineIntegrationTest {

    private static final String SYNC = "customers-sync";
    private static final String FAILING = "always-fails";
    private static final List<String> JOBS = List.of(SYNC, FAILING);
    /** The failed colour of timeline.js, as the browser computes it. */
    private static final String FAILED_FILL = "rgb(217, 48, 37)";

    @Test
    void shouldDrawRunsHandOversAndFailuresOnTheTimeline() throws Exception {
        Cluster cluster = Cluster.create();
        cluster.migrate().execute("CREATE TABLE public.never_positive (v int NOT NULL CHECK (v < 0))");
        DemoData.seed(cluster.jdbc(), 100);
        Map<String, Object> settings = settings();
        try (ReplicaProcess owner = ReplicaProcess.start("owner", cluster, settings)) {
            BatchMetadata metadata = new BatchMetadata(cluster.jdbc());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metadata.executions(SYNC).stream()
                                    .anyMatch(e -> e.status().equals("COMPLETED"))
                            && metadata.executions(FAILING).stream()
                                    .anyMatch(e -> e.status().equals("FAILED")));
            assertThat(owner.ownedJobs()).containsExactlyInAnyOrderElementsOf(JOBS);
            try (Replica peer =
                    Replica.builder("peer", cluster).properties(settings).start()) {
                Api api = new Api(peer.port());
                long triggered = triggerAndAwaitEnd(api);

                WebDriver browser = StatusPageIntegrationTest.chromium();
                try {
                    browser.manage().window().setSize(new Dimension(1400, 1000));
                    browser.get("http://localhost:" + peer.port() + "/");
                    StatusPageIntegrationTest.click(browser, "#windows button[data-window='PT15M']");
                    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "PT15M"
                            .equals(script(browser, "return document.getElementById('timeline').dataset.window;")));

                    // the run the test made, a bar of its job's lane, underlined in its replica's colour
                    await().atMost(Duration.ofSeconds(15))
                            .ignoreExceptions()
                            .until(() -> Boolean.TRUE.equals(script(
                                    browser,
                                    "return Array.from(document.querySelectorAll(\"g.lane[data-job='" + SYNC
                                            + "'] g.run\")).some(r => +r.dataset.first <= arguments[0]"
                                            + " && arguments[0] <= +r.dataset.last && r.dataset.owner === 'owner'"
                                            + " && r.dataset.outcome === 'COMPLETED' && r.dataset.trigger);",
                                    triggered)));
                    // a failed run, in the failed colour
                    assertThat(script(
                                    browser,
                                    "const bar = document.querySelector(\"g.lane[data-job='" + FAILING
                                            + "'] g.run[data-outcome='FAILED'] rect.run-bar\");"
                                            + " return bar ? getComputedStyle(bar).fill : null;"))
                            .isEqualTo(FAILED_FILL);
                    // the sync's rows-per-run sparkline
                    assertThat(script(
                                    browser,
                                    "return document.querySelectorAll(\"g.lane[data-job='" + SYNC
                                            + "'] polyline.spark-rows\").length;"))
                            .isEqualTo(1L);

                    // SIGTERM: the owner releases, the peer acquires with the next epoch
                    long epochBefore = cluster.jdbc()
                            .queryForObject(
                                    "SELECT epoch FROM datasync.job_epoch WHERE job_name = ?", Long.class, SYNC);
                    owner.terminate();
                    assertThat(owner.awaitExit(Duration.ofSeconds(30))).isIn(0, 143);
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> peer.ownedJobs().equals(Set.copyOf(JOBS)));
                    await().atMost(Duration.ofSeconds(20))
                            .ignoreExceptions()
                            .until(() -> Boolean.TRUE.equals(script(
                                    browser,
                                    "const lane = \"g.lane[data-job='" + SYNC + "'] \";"
                                            + " return !!document.querySelector(lane + \"g.marker[data-type='RELEASED'][data-replica='owner']\")"
                                            + " && !!document.querySelector(lane + \"g.marker[data-type='ACQUIRED'][data-replica='peer'][data-epoch='"
                                            + (epochBefore + 1) + "']\");")));
                    // the tokens moved: the peer's lane holds both jobs, the owner's lane is down to none
                    await().atMost(Duration.ofSeconds(15))
                            .ignoreExceptions()
                            .until(
                                    () -> "2"
                                                    .equals(
                                                            script(
                                                                    browser,
                                                                    "return document.querySelector(\"g.replica-lane[data-replica='peer'] path.tokens-used\").dataset.used;"))
                                            && "0"
                                                    .equals(
                                                            script(
                                                                    browser,
                                                                    "return document.querySelector(\"g.replica-lane[data-replica='owner'] path.tokens-used\").dataset.used;")));

                    // a run of the new owner, in its own colour
                    long afterHandOver = triggerAndAwaitEnd(api);
                    await().atMost(Duration.ofSeconds(15))
                            .ignoreExceptions()
                            .until(() -> Boolean.TRUE.equals(script(
                                    browser,
                                    "return Array.from(document.querySelectorAll(\"g.lane[data-job='" + SYNC
                                            + "'] g.run[data-owner='peer']\")).some(r => +r.dataset.first <= arguments[0]"
                                            + " && arguments[0] <= +r.dataset.last);",
                                    afterHandOver)));
                    assertThat(script(
                                    browser,
                                    "return document.querySelector(\"g.lane[data-job='" + SYNC
                                            + "'] g.run[data-owner='peer'] rect.run-owner\").getAttribute('fill')"
                                            + " !== document.querySelector(\"g.lane[data-job='" + SYNC
                                            + "'] g.run[data-owner='owner'] rect.run-owner\").getAttribute('fill');"))
                            .isEqualTo(Boolean.TRUE);

                    Path screenshot = Path.of("target", "status-page-timeline.png");
                    Files.write(
                            screenshot,
                            browser.findElement(By.id("timeline-section")).getScreenshotAs(OutputType.BYTES));
                    assertThat(Files.size(screenshot)).isPositive();
                } finally {
                    browser.quit();
                }

                // a window the timeline does not offer is refused, as a problem
                Api.Response refused = api.get("/api/overview?window=P2D");
                assertThat(refused.status()).isEqualTo(400);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(api.get("/api/overview?window=an-hour").status()).isEqualTo(400);
            }
        }
    }

    /** Triggers the sync, waits until its run ends and answers the run's execution id. */
    private static long triggerAndAwaitEnd(Api api) {
        Api.Response accepted = api.post("/api/jobs/" + SYNC + "/trigger");
        assertThat(accepted.status()).isEqualTo(202);
        String location = accepted.location();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get(location).json().get("state").asText().equals("ENDED"));
        return api.get(location).json().get("execution").get("id").asLong();
    }

    private static Object script(WebDriver browser, String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("scalepoc.tokens", 2);
        settings.put("scalepoc.ownership.balance", "fill"); // the owner keeps both jobs until SIGTERM
        settings.put("scalepoc.ownership.claim-interval", "1s");
        settings.put("scalepoc.monitoring.global-monitors-enabled", false);
        for (String demoJob : List.of("products-sync", "orders-sync", "payments-sync", "demo-generator")) {
            settings.put("scalepoc.jobs." + demoJob + ".enabled", false);
        }
        settings.put("scalepoc.jobs." + SYNC + ".fixed-delay", "1h");
        settings.put("scalepoc.jobs." + SYNC + ".initial-delay", "0s");
        settings.put("scalepoc.jobs." + FAILING + ".type", "sql");
        settings.put(
                "scalepoc.jobs." + FAILING + ".sql.statements[0]", "INSERT INTO public.never_positive (v) VALUES (1)");
        settings.put("scalepoc.jobs." + FAILING + ".fixed-delay", "1h");
        settings.put("scalepoc.jobs." + FAILING + ".initial-delay", "0s");
        settings.put("scalepoc.jobs." + FAILING + ".retry.max-attempts", 1);
        return settings;
    }
}
