package io.scalepoc.api;

import static io.scalepoc.testsupport.Api.OPERATOR;
import static io.scalepoc.testsupport.Api.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.Api.Response;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.OpenApiDocument;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * The control API on two replicas: every request goes to the replica that does not own the job,
 * and the owner carries it out. Also every error status, as problem details, and what the actuator
 * exposes.
 */
class ControlApiClusterTest {

    private static final String FREQUENT = "customers-sync"; // every second
    private static final String HOURLY = "products-sync"; // once at start, then hourly

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void shouldCarryOutPauseResumeTriggerAndReleaseOnTheOwnerWhenAskedThroughThePeer(CapturedOutput logs) {
        Cluster cluster = Cluster.create();
        try (Replica owner = replica("owner", cluster).start();
                Replica peer = replica("peer", cluster).start()) {
            DemoData.seed(owner.jdbc(), 50);
            assertThat(owner.ownedJobs()).containsExactlyInAnyOrder(FREQUENT, HOURLY);
            assertThat(peer.ownedJobs()).isEmpty();
            BatchMetadata metadata = new BatchMetadata(owner.jdbc());
            Api viaPeer = new Api(peer.port());
            await().atMost(Duration.ofSeconds(20)).until(() -> completed(metadata, HOURLY) == 1);

            // pause: the owner keeps the job and its lease but launches nothing more
            Response paused = viaPeer.post(
                    "/api/jobs/" + FREQUENT + "/pause", "{\"reason\":\"source maintenance\"}", OPERATOR, PASSWORD);
            assertThat(paused.status()).isEqualTo(200);
            assertThat(paused.json().get("paused").asBoolean()).isTrue();
            assertThat(paused.json().get("pausedBy").asText()).isEqualTo(OPERATOR);
            assertThat(paused.json().get("pauseReason").asText()).isEqualTo("source maintenance");
            assertThat(paused.json().get("owner").asText()).isEqualTo("owner");
            await().atMost(Duration.ofSeconds(10)).until(() -> !running(metadata, FREQUENT));
            int runsWhenPaused = metadata.executions(FREQUENT).size();
            await().during(Duration.ofSeconds(4))
                    .atMost(Duration.ofSeconds(6))
                    .until(() -> metadata.executions(FREQUENT).size() == runsWhenPaused);
            assertThat(owner.ownedJobs()).contains(FREQUENT);
            assertThat(viaPeer.post("/api/jobs/" + FREQUENT + "/trigger").status())
                    .as("a paused job cannot be triggered")
                    .isEqualTo(409);

            // resume: it runs again on its owner
            Response resumed = viaPeer.post("/api/jobs/" + FREQUENT + "/resume");
            assertThat(resumed.status()).isEqualTo(200);
            assertThat(resumed.json().get("paused").asBoolean()).isFalse();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metadata.executions(FREQUENT).size() > runsWhenPaused);

            // trigger: an hourly job runs now, on its owner, once
            Response triggered = viaPeer.post("/api/jobs/" + HOURLY + "/trigger");
            assertThat(triggered.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> completed(metadata, HOURLY) == 2);
            assertThat(metadata.executions(HOURLY))
                    .allMatch(execution -> execution.owner().equals("owner"));
            assertThat(new Api(owner.port())
                            .get("/api/jobs/" + HOURLY)
                            .json()
                            .get("triggerRequested")
                            .asBoolean())
                    .isFalse();

            // trigger with job parameters: one new run on the owner carrying them, followed by its link
            Response withParameters = viaPeer.post(
                    "/api/jobs/" + HOURLY + "/trigger",
                    "{\"business.date\":\"2026-12-01\",\"limit\":500,\"ratio\":0.5,\"dry-run\":true}",
                    OPERATOR,
                    PASSWORD);
            assertThat(withParameters.status()).isEqualTo(202);
            assertThat(withParameters.location()).matches("/api/jobs/" + HOURLY + "/triggers/\\d+");
            await().atMost(Duration.ofSeconds(10)).until(() -> viaPeer.get(withParameters.location())
                    .json()
                    .get("state")
                    .asText()
                    .equals("ENDED"));
            JsonNode followed = viaPeer.get(withParameters.location()).json();
            assertThat(followed.get("parameters").isNull())
                    .as("parameter values (perhaps secrets) are not served anonymously")
                    .isTrue();
            JsonNode asOperator =
                    viaPeer.getAsOperator(withParameters.location()).json();
            assertThat(asOperator.get("parameters").get("business.date").asText())
                    .isEqualTo("2026-12-01");
            assertThat(asOperator.get("parameters").get("limit").asLong()).isEqualTo(500);
            assertThat(asOperator.get("requestedBy").asText()).isEqualTo(OPERATOR);
            assertThat(viaPeer.get("/api/jobs/" + HOURLY + "/events").body())
                    .as("events name the parameters, never their values")
                    .contains("with parameters [")
                    .doesNotContain("2026-12-01");
            assertThat(logs.getAll())
                    .as("nor do the replicas' logs")
                    .contains("with parameters [business.date, limit, ratio, dry-run]")
                    .doesNotContain("2026-12-01");
            assertThat(followed.get("execution").get("status").asText()).isEqualTo("COMPLETED");
            assertThat(followed.get("execution").get("owner").asText()).isEqualTo("owner");
            long triggeredExecution = followed.get("execution").get("id").asLong();
            assertThat(owner.jdbc()
                            .queryForMap(
                                    """
                                    SELECT string_agg(parameter_name || '=' || parameter_value || ':' || parameter_type,
                                                      ',' ORDER BY parameter_name) AS parameters
                                      FROM datasync.batch_job_execution_params WHERE job_execution_id = ?
                                    """,
                                    triggeredExecution)
                            .get("parameters")
                            .toString())
                    .contains("business.date=2026-12-01:java.lang.String")
                    .contains("dry-run=true:java.lang.Boolean")
                    .contains("limit=500:java.lang.Long")
                    .contains("ratio=0.5:java.lang.Double")
                    .contains("trigger.id=" + withParameters.location().replaceAll(".*/", "") + ":java.lang.Long")
                    .contains("owner=owner:java.lang.String");
            assertThat(completed(metadata, HOURLY)).isEqualTo(3);

            // history: newest first, a page at a time, with the trigger and the rows of each run
            JsonNode firstPage =
                    viaPeer.get("/api/jobs/" + HOURLY + "/executions?limit=2").json();
            JsonNode newest = firstPage.get("executions").get(0);
            assertThat(firstPage.get("executions")).hasSize(2);
            assertThat(newest.get("id").asLong()).isEqualTo(triggeredExecution);
            assertThat(newest.get("triggerId").asText())
                    .isEqualTo(withParameters.location().replaceAll(".*/", ""));
            assertThat(newest.get("id").asLong())
                    .isGreaterThan(firstPage.get("executions").get(1).get("id").asLong());
            JsonNode lastPage = viaPeer.get(firstPage.get("next").asText()).json();
            assertThat(lastPage.get("executions")).hasSize(1);
            assertThat(lastPage.get("next").isNull()).isTrue();
            JsonNode oldest = lastPage.get("executions").get(0);
            long read = oldest.get("readCount").asLong();
            assertThat(oldest.get("writeCount").asLong()).isEqualTo(read);
            for (JsonNode execution : firstPage.get("executions")) {
                read += execution.get("readCount").asLong();
                assertThat(execution.get("writeCount").asLong())
                        .isEqualTo(execution.get("readCount").asLong());
            }
            assertThat(read)
                    .as("the seeded products, synced by one of the three runs")
                    .isPositive();
            assertThat(oldest.get("restartOf").isNull()).isTrue();
            assertThat(oldest.get("owner").asText()).isEqualTo("owner");

            // a burst of triggers through both replicas: every 202 runs once, with its own parameters, in turn
            List<Response> burst = concurrently(20, n -> new Api(n % 2 == 0 ? peer.port() : owner.port())
                    .post("/api/jobs/" + HOURLY + "/trigger", "{\"n\":" + n + "}", OPERATOR, PASSWORD));
            assertThat(burst).extracting(Response::status).containsOnly(202);
            assertThat(burst).extracting(Response::location).doesNotHaveDuplicates();
            for (Response accepted : burst) {
                await().atMost(Duration.ofSeconds(30)).until(() -> viaPeer.get(accepted.location())
                        .json()
                        .get("state")
                        .asText()
                        .equals("ENDED"));
                JsonNode ended = viaPeer.get(accepted.location()).json();
                assertThat(ended.get("outcome").asText()).isEqualTo("COMPLETED");
                assertThat(ended.get("execution").get("status").asText()).isEqualTo("COMPLETED");
            }
            assertThat(owner.jdbc()
                            .queryForList(
                                    """
                                    SELECT p.parameter_value::int FROM datasync.batch_job_execution_params p
                                      JOIN datasync.batch_job_execution e ON e.job_execution_id = p.job_execution_id
                                      JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                                     WHERE i.job_name = ? AND p.parameter_name = 'n' ORDER BY 1
                                    """,
                                    Integer.class,
                                    HOURLY))
                    .as("each trigger's parameter in exactly one run")
                    .isEqualTo(IntStream.range(0, 20).boxed().toList());
            assertThat(metadata.overlappingExecutions()).isZero();

            // release: the owner gives the job up between runs and the peer, with free tokens, adopts it
            Response released = viaPeer.post("/api/jobs/" + HOURLY + "/release");
            assertThat(released.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> peer.ownedJobs().equals(Set.of(HOURLY))
                            && owner.ownedJobs().equals(Set.of(FREQUENT)));
            assertThat(metadata.currentEpoch(HOURLY)).isEqualTo(2);
            // the job's story, oldest first, through either replica
            await().atMost(Duration.ofSeconds(10)).until(() -> story(viaPeer, HOURLY)
                    .contains("RELEASED@owner epoch 1: requested through the control API"));
            assertThat(story(new Api(owner.port()), HOURLY))
                    .containsSubsequence(
                            "ACQUIRED@owner epoch 1",
                            "TRIGGERED",
                            "TRIGGERED",
                            "RELEASE_REQUESTED",
                            "RELEASED@owner epoch 1: requested through the control API",
                            "ACQUIRED@peer epoch 2");
            JsonNode view = viaPeer.get("/api/jobs/" + HOURLY).json();
            assertThat(view.get("owner").asText()).isEqualTo("peer");
            assertThat(view.get("epoch").asLong()).isEqualTo(2);
            assertThat(metadata.overlappingExecutions()).isZero();
        }
    }

    @Test
    void shouldAnswerEveryErrorWithProblemDetailsAndExposeOnlyTheFourEndpoints() {
        Cluster cluster = Cluster.create();
        try (Replica replica = replica("only", cluster).start()) {
            Api api = new Api(replica.port());
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/jobs/" + HOURLY)
                    .json()
                    .get("lastExecution")
                    .has("status"));

            // reads are open
            Response jobs = api.get("/api/jobs");
            assertThat(jobs.status()).isEqualTo(200);
            assertThat(jobs.json().findValuesAsString("name")).contains(FREQUENT, HOURLY, "orders-sync");
            assertThat(api.get("/api/alerts").status()).isEqualTo(200);
            assertThat(api.get("/api/alerts?state=resolved").status()).isEqualTo(200);
            JsonNode clusterView = api.get("/api/cluster").json();
            assertThat(clusterView.get("members").get(0).get("instanceId").asText())
                    .isEqualTo("only");
            assertThat(clusterView.get("capacity").asInt()).isEqualTo(2);
            assertThat(clusterView.get("demand").asInt()).isEqualTo(2);

            assertProblem(api.get("/api/jobs/no-such-job"), 404);
            assertProblem(api.post("/api/jobs/no-such-job/pause"), 404);
            assertProblem(api.post("/api/jobs/" + FREQUENT + "/resume"), 409);
            assertThat(api.post("/api/jobs/" + FREQUENT + "/pause").status()).isEqualTo(200);
            assertProblem(api.post("/api/jobs/" + FREQUENT + "/pause"), 409);
            assertProblem(api.post("/api/jobs/orders-sync/trigger"), 409); // disabled
            assertProblem(api.post("/api/jobs/orders-sync/release"), 409);
            assertProblem(api.get("/api/alerts?state=bogus"), 400);
            assertProblem(api.get("/api/jobs/" + HOURLY + "/executions?limit=0"), 400);
            assertProblem(api.get("/api/jobs/no-such-job/executions"), 404);
            assertProblem(api.get("/api/jobs/" + HOURLY + "/events?limit=0"), 400);
            assertProblem(api.get("/api/jobs/no-such-job/events"), 404);
            for (String badParameters : List.of(
                    "{\"run.id\":7}",
                    "{\"epoch\":2,\"owner\":\"me\"}",
                    "{\"nested\":{\"a\":1}}",
                    "{\"list\":[1,2]}",
                    "{\"nothing\":null}",
                    "{\"bad name!\":\"x\"}",
                    "[1,2]")) {
                Response refused = api.post("/api/jobs/" + HOURLY + "/trigger", badParameters, OPERATOR, PASSWORD);
                assertProblem(refused, 400);
            }
            assertThat(api.post(
                                    "/api/jobs/" + HOURLY + "/trigger",
                                    "{\"epoch\":2,\"owner\":\"me\"}",
                                    OPERATOR,
                                    PASSWORD)
                            .json()
                            .get("problems"))
                    .as("every problem listed")
                    .hasSize(2);
            assertProblem(api.get("/api/jobs/" + HOURLY + "/triggers/424242"), 404);
            assertProblem(api.get("/api/alerts?limit=0"), 400);
            assertProblem(api.get("/api/alerts?limit=many"), 400);
            assertProblem(api.post("/api/jobs/" + HOURLY + "/pause", "{not json", OPERATOR, PASSWORD), 400);
            assertProblem(
                    api.post(
                            "/api/jobs/" + HOURLY + "/pause",
                            "{\"reason\":\"" + "x".repeat(501) + "\"}",
                            OPERATOR,
                            PASSWORD),
                    400);
            assertProblem(api.post("/api/jobs/" + HOURLY + "/pause", null, null, null), 401);
            assertProblem(api.post("/api/jobs/" + HOURLY + "/pause", null, OPERATOR, "wrong"), 401);
            assertProblem(api.post("/api/jobs/" + HOURLY + "/pause", null, "intruder", PASSWORD), 401);
            assertProblem(api.crossSiteFormPost("/api/jobs/" + HOURLY + "/pause", OPERATOR, PASSWORD), 403);
            assertProblem(api.crossSiteFormPost("/api/jobs/" + HOURLY + "/release", OPERATOR, PASSWORD), 403);
            assertThat(api.challengeOf("/api/jobs/" + HOURLY + "/pause"))
                    .as("no WWW-Authenticate: a browser never prompts, so never caches credentials")
                    .isEmpty();
            assertThat(api.get("/api/jobs/" + HOURLY).json().get("paused").asBoolean())
                    .as("refused requests change nothing")
                    .isFalse();

            // the API document: as committed in docs/openapi.json, and every change needs credentials
            Response document = api.get("/v3/api-docs");
            assertThat(document.status()).isEqualTo(200);
            JsonNode openApi = OpenApiDocument.withoutServers(document.body());
            OpenApiDocument.assertMatchesCommitted(openApi);
            openApi.get("paths")
                    .properties()
                    .forEach(path -> path.getValue().properties().forEach(operation -> {
                        JsonNode responses = operation.getValue().get("responses");
                        if (path.getKey().contains("{name}")) {
                            assertThat(responses.path("404").path("content").has("application/problem+json"))
                                    .as("%s %s answers 404 problem details", operation.getKey(), path.getKey())
                                    .isTrue();
                        }
                        if (operation.getKey().equals("post")) {
                            assertThat(List.of("400", "401", "403", "409", "503"))
                                    .allSatisfy(status -> assertThat(responses
                                                    .path(status)
                                                    .path("content")
                                                    .has("application/problem+json"))
                                            .as(
                                                    "%s %s answers %s problem details",
                                                    operation.getKey(), path.getKey(), status)
                                            .isTrue());
                            assertThat(operation.getValue().get("security").toString())
                                    .as("%s %s needs the operator's credentials", operation.getKey(), path.getKey())
                                    .contains("operator");
                        }
                    }));

            // actuator: health groups, prometheus with pre-registered per-job series, nothing else
            JsonNode readiness = api.get("/actuator/health/readiness").json();
            assertThat(readiness.get("status").asText()).isEqualTo("UP");
            assertThat(readiness.get("components").propertyNames())
                    .containsExactlyInAnyOrder("readinessState", "db", "dynamoDb", "startupClaim");
            JsonNode liveness = api.get("/actuator/health/liveness").json();
            assertThat(liveness.get("status").asText()).isEqualTo("UP");
            assertThat(liveness.get("components").propertyNames())
                    .containsExactlyInAnyOrder("livenessState", "schedules");
            Response prometheus = api.get("/actuator/prometheus");
            assertThat(prometheus.status()).isEqualTo(200);
            assertThat(prometheus.body())
                    .contains("scalepoc_tokens_capacity 2.0")
                    .contains("scalepoc_job_owned{job_name=\"" + HOURLY + "\"} 1.0")
                    .contains("scalepoc_executions_total{job_name=\"" + FREQUENT + "\",status=\"FAILED\"} 0.0")
                    .contains("scalepoc_alerts_open{type=\"ORPHANED\"} 0.0")
                    .contains("scalepoc_lease_acquisitions_total{job_name=\"" + HOURLY + "\",result=\"acquired\"} 1.0");
            assertThat(api.get("/actuator/ownership").status()).isEqualTo(200);
            assertThat(api.get("/actuator/info").status()).isEqualTo(200);
            for (String hidden :
                    List.of("env", "beans", "metrics", "configprops", "heapdump", "threaddump", "loggers")) {
                assertThat(api.get("/actuator/" + hidden).status()).as(hidden).isEqualTo(404);
            }
        }
    }

    @Test
    void shouldRefuseEveryChangeWith503WhileNoOperatorPasswordIsSet() {
        Cluster cluster = Cluster.create();
        try (Replica replica = replica("no-password", cluster)
                .property("scalepoc.control.password", "")
                .start()) {
            Api api = new Api(replica.port());

            Response refused = api.post("/api/jobs/" + HOURLY + "/pause");

            assertProblem(refused, 503);
            assertThat(refused.json().get("detail").asText()).contains("SCALEPOC_CONTROL_PASSWORD");
            assertProblem(api.post("/api/jobs/" + HOURLY + "/pause", null, OPERATOR, ""), 503);
            assertThat(api.get("/api/jobs/" + HOURLY).status()).isEqualTo(200);
            assertThat(api.get("/api/jobs/" + HOURLY).json().get("paused").asBoolean())
                    .isFalse();
        }
    }

    @Test
    void shouldAnswerABurstOfClusterReadsWithoutStarvingTheHeartbeats() throws Exception {
        Cluster cluster = Cluster.create();
        try (Replica replica = replica("busy", cluster).start()) {
            Set<String> owned = replica.ownedJobs();
            HttpClient http = HttpClient.newBuilder()
                    .executor(Executors.newFixedThreadPool(50))
                    .build();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + replica.port() + "/api/cluster"))
                    .timeout(Duration.ofSeconds(60))
                    .build();

            long started = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> burst = IntStream.range(0, 200)
                    .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                    .toList();
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
            System.out.printf(
                    "200 concurrent /api/cluster answered in %d ms%n",
                    Duration.ofNanos(System.nanoTime() - started).toMillis());

            assertThat(burst).allSatisfy(response -> assertThat(response.get().statusCode())
                    .isEqualTo(200));
            MeterRegistry meters = replica.bean(MeterRegistry.class);
            assertThat(meters.counter("scalepoc.lease.heartbeat.failures").count())
                    .isZero();
            assertThat(meters.find("scalepoc.lease.lost").counters())
                    .allSatisfy(lost -> assertThat(lost.count()).isZero());
            assertThat(replica.ownedJobs()).isEqualTo(owned);
        }
    }

    /** The job's events as "TYPE[@replica epoch N][: detail]" lines (detail only for releases). */
    private static List<String> story(Api api, String job) {
        List<String> lines = new java.util.ArrayList<>();
        for (JsonNode event : api.get("/api/jobs/" + job + "/events").json()) {
            String line = event.get("type").asText();
            if (event.hasNonNull("replica")) {
                line += "@" + event.get("replica").asText() + " epoch "
                        + event.path("epoch").asLong();
            }
            if (line.startsWith("RELEASED")) {
                line += ": " + event.get("detail").asText();
            }
            lines.add(line);
        }
        return lines;
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
    }

    /** {@code count} requests at once, each on a thread of its own; their answers in order. */
    private static <T> List<T> concurrently(int count, java.util.function.IntFunction<T> request) {
        java.util.concurrent.ExecutorService callers = Executors.newFixedThreadPool(count);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<CompletableFuture<T>> answers = IntStream.range(0, count)
                    .mapToObj(n -> CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    start.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return request.apply(n);
                            },
                            callers))
                    .toList();
            start.countDown();
            return answers.stream().map(CompletableFuture::join).toList();
        } finally {
            callers.shutdownNow();
        }
    }

    private static long completed(BatchMetadata metadata, String job) {
        return metadata.executions(job).stream()
                .filter(execution -> execution.status().equals("COMPLETED"))
                .count();
    }

    private static boolean running(BatchMetadata metadata, String job) {
        return metadata.executions(job).stream()
                .map(Execution::status)
                .anyMatch(Set.of("STARTED", "STARTING")::contains);
    }

    private static Replica.Builder replica(String id, Cluster cluster) {
        return Replica.builder(id, cluster)
                .tokens(2)
                .property("scalepoc.ownership.balance", "fill") // 'owner' keeps what it took first
                .onlyJobs("1s", FREQUENT)
                .job(HOURLY, "enabled", true)
                .job(HOURLY, "fixed-delay", "1h")
                .job(HOURLY, "initial-delay", "0s");
    }
}
