package io.scalepoc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.monitoring.AlertKey;
import io.scalepoc.monitoring.AlertType;
import io.scalepoc.monitoring.Alerts;
import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;

/**
 * The status page at {@code /}, end to end in Debian's headless Chromium: what it shows (members,
 * tokens, every job's owner, epoch, state and last run, open alerts) matches the API of the
 * replica that served it, it follows changes by itself, and pause / resume work from the page with
 * the operator's credentials, asked once.
 */
class StatusPageIntegrationTest {

    private static final List<String> JOBS = List.of("customers-sync", "products-sync");

    @Test
    void shouldShowWhatTheApiSaysAndPauseAndResumeFromThePageWithCredentials() throws Exception {
        Cluster cluster = Cluster.create();
        try (Replica owner = replica("owner", cluster, 2).start();
                Replica peer = replica("peer", cluster, 1).start()) {
            BatchMetadata metadata = new BatchMetadata(owner.jdbc());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> JOBS.stream().allMatch(job -> metadata.executions(job).stream()
                            .anyMatch(e -> e.status().equals("COMPLETED"))));
            Api api = new Api(peer.port());
            WebDriver browser = chromium();
            try {
                browser.get("http://localhost:" + peer.port() + "/");
                await().atMost(Duration.ofSeconds(20)).until(() -> "true"
                        .equals(browser.findElement(By.tagName("body")).getDomAttribute("data-loaded")));

                // what the page shows is what the API says
                await().atMost(Duration.ofSeconds(10))
                        .ignoreExceptions()
                        .untilAsserted(() -> assertMatchesApi(browser, api));
                assertThat(browser.findElement(By.id("served-by")).getText()).isEqualTo("served by peer");
                // the safety audit's measurement, as the API reports it (refreshed with each self-check)
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> text(browser, "#safety")
                        .startsWith("Safety audit: 0 violations since "));
                assertThat(api.get("/api/overview")
                                .json()
                                .get("safety")
                                .get("violations")
                                .asLong())
                        .isZero();

                // an alert appears by itself at the next refresh
                // ORPHANED: raised by the global monitors only, which these replicas do not run, so no
                // monitor resolves it before the page shows it (the owner's self-monitor resolves a
                // STALE alert on a fresh job at its next check)
                peer.bean(Alerts.class)
                        .raise(new AlertKey(AlertType.ORPHANED, "products-sync"), "nobody holds the lease");
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> text(
                                browser, "tr[data-alert='ORPHANED/products-sync'] .alert-type")
                        .equals("ORPHANED"));
                assertThat(text(browser, "tr[data-job='products-sync'] .job-alerts"))
                        .isEqualTo("ORPHANED");

                // pause from the page: credentials are asked once, the job is paused on its owner
                click(browser, "tr[data-job='customers-sync'] button.pause");
                WebElement dialog = browser.findElement(By.id("login"));
                await().atMost(Duration.ofSeconds(5)).until(dialog::isDisplayed);
                browser.findElement(By.id("login-user")).sendKeys(Api.OPERATOR);
                browser.findElement(By.id("login-password")).sendKeys(Api.PASSWORD);
                browser.findElement(By.id("login-ok")).click();
                await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/jobs/customers-sync")
                        .json()
                        .get("paused")
                        .asBoolean());
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> text(
                                browser, "tr[data-job='customers-sync'] .job-state")
                        .equals("paused"));
                assertThat(api.get("/api/jobs/customers-sync")
                                .json()
                                .get("pausedBy")
                                .asText())
                        .isEqualTo(Api.OPERATOR);

                // resume: no second prompt
                click(browser, "tr[data-job='customers-sync'] button.resume");
                await().atMost(Duration.ofSeconds(10)).until(() -> !api.get("/api/jobs/customers-sync")
                        .json()
                        .get("paused")
                        .asBoolean());
                assertThat(dialog.isDisplayed()).isFalse();
                await().atMost(Duration.ofSeconds(10))
                        .ignoreExceptions()
                        .untilAsserted(() -> assertMatchesApi(browser, api));

                // clicking a job's name shows its story: its acquisition, the pause and the resume just made
                click(browser, "tr[data-job='customers-sync'] .job-name");
                await().atMost(Duration.ofSeconds(10))
                        .ignoreExceptions()
                        .until(() -> text(browser, "#story-job").equals("customers-sync")
                                && browser.findElement(By.id("story")).isDisplayed());
                await().atMost(Duration.ofSeconds(10))
                        .ignoreExceptions()
                        .until(() -> text(browser, "#events tr[data-event='ACQUIRED'] .event-type")
                                        .equals("ACQUIRED")
                                && text(browser, "#events tr[data-event='PAUSED'] .event-detail")
                                        .startsWith("by " + Api.OPERATOR)
                                && text(browser, "#events tr[data-event='RESUMED'] .event-type")
                                        .equals("RESUMED"));
            } finally {
                browser.quit();
            }
        }
    }

    private static void assertMatchesApi(WebDriver browser, Api api) {
        for (JsonNode job : api.get("/api/jobs").json()) {
            String row = "tr[data-job='" + job.get("name").asText() + "'] ";
            assertThat(text(browser, row + ".job-owner")).isEqualTo(orDash(job.get("owner")));
            assertThat(text(browser, row + ".job-epoch")).isEqualTo(orDash(job.get("epoch")));
            String state = !job.get("enabled").asBoolean()
                    ? "disabled"
                    : job.get("paused").asBoolean()
                            ? "paused"
                            : job.get("running").asBoolean() ? "running" : "scheduled";
            assertThat(text(browser, row + ".job-state")).isEqualTo(state);
            JsonNode last = job.get("lastExecution");
            if (last != null && !last.isNull()) {
                assertThat(text(browser, row + ".job-last"))
                        .startsWith(last.get("status").asText());
            }
        }
        JsonNode cluster = api.get("/api/cluster").json();
        Set<String> members = new TreeSet<>();
        for (JsonNode member : cluster.get("members")) {
            String id = member.get("instanceId").asText();
            members.add(id);
            assertThat(text(browser, "tr[data-member='" + id + "'] .member-tokens"))
                    .isEqualTo(member.get("used").asInt() + " / "
                            + member.get("tokens").asInt());
        }
        assertThat(memberRows(browser)).isEqualTo(members);
        assertThat(text(browser, "#capacity"))
                .startsWith(members.size() + " live members · tokens used "
                        + cluster.get("used").asInt() + " of "
                        + cluster.get("capacity").asInt());
    }

    /**
     * The text of the element {@code css} selects, read in one script call: the page re-renders its
     * tables every refresh, so an element found by one WebDriver call may be gone by the next.
     */
    private static String text(WebDriver browser, String css) {
        Object text = ((JavascriptExecutor) browser)
                .executeScript(
                        "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", css);
        if (text == null) {
            throw new AssertionError("nothing on the page matches " + css);
        }
        return (String) text;
    }

    /** Clicks the element {@code css} selects, found and clicked in one script call (see {@link #text}). */
    static void click(WebDriver browser, String css) {
        Object clicked = ((JavascriptExecutor) browser)
                .executeScript("const e = document.querySelector(arguments[0]); if (e) e.click(); return !!e;", css);
        assertThat(clicked).as("something to click at %s", css).isEqualTo(Boolean.TRUE);
    }

    /** The {@code data-member} of every row of the members table, in one script call. */
    @SuppressWarnings("unchecked")
    private static Set<String> memberRows(WebDriver browser) {
        return new TreeSet<>(
                (List<String>)
                        ((JavascriptExecutor) browser)
                                .executeScript(
                                        "return Array.from(document.querySelectorAll('#members tbody tr')).map(r => r.dataset.member);"));
    }

    private static String orDash(JsonNode value) {
        return value == null || value.isNull() ? "—" : value.asText();
    }

    static WebDriver chromium() throws Exception {
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir="
                                + Files.createTempDirectory("scalepoc-chromium").toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static Replica.Builder replica(String id, Cluster cluster, int tokens) {
        return Replica.builder(id, cluster)
                .tokens(tokens)
                .onlyJobs("1h", JOBS.toArray(String[]::new))
                .job("orders-sync", "enabled", true)
                .job("orders-sync", "fixed-delay", "1h");
    }
}
