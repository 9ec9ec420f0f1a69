package io.scalepoc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.WebhookReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules and the Grafana dashboard refer only to metrics a running replica
 * really exports (scraped here from {@code /actuator/prometheus}), and the rules pass {@code promtool
 * check rules} and their own unit tests ({@code promtool test rules}).
 */
class ObservabilityIntegrationTest {

    private static final Path DIR = Path.of("observability");
    private static final Pattern METRIC = Pattern.compile("\\bscalepoc_[a-z_]+");

    @Test
    void shouldReferOnlyToExportedMetricsAndPassPromtool() throws Exception {
        Set<String> exported;
        Cluster cluster = Cluster.create();
        try (WebhookReceiver webhook = WebhookReceiver.start();
                Replica replica = Replica.builder("scraped", cluster)
                        .tokens(2)
                        .onlyJobs("1s", "customers-sync")
                        .withGlobalMonitors("1s", "2s")
                        .property("scalepoc.alerts.webhook-url", webhook.url())
                        .start()) {
            BatchMetadata metadata = new BatchMetadata(replica.jdbc());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !metadata.executions("customers-sync").isEmpty()
                            && !metadata.executions("monitor-1").isEmpty());
            String scrape = new Api(replica.port()).get("/actuator/prometheus").body();
            exported = new TreeSet<>();
            for (String line : scrape.lines().toList()) {
                if (!line.startsWith("#") && line.startsWith("scalepoc_")) {
                    exported.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        assertThat(exported).contains("scalepoc_job_owned", "scalepoc_alerts_open", "scalepoc_tokens_capacity");

        for (String file : List.of("prometheus-rules.yml", "prometheus-rules.test.yml", "grafana-dashboard.json")) {
            Set<String> referenced = referenced(DIR.resolve(file));
            assertThat(referenced).as("metrics in %s", file).isNotEmpty();
            assertThat(exported)
                    .as("every metric %s refers to is exported", file)
                    .containsAll(referenced);
        }

        assertPromtool("check", "rules", "prometheus-rules.yml");
        assertPromtool("test", "rules", "prometheus-rules.test.yml");
    }

    private static Set<String> referenced(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static void assertPromtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "promtool is not installed (Debian package prometheus; scripts/test.sh installs it)", e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as("promtool %s:%n%s", String.join(" ", args), output)
                .isZero();
    }
}
