package io.scalepoc.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.DatedJob;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sign-in with a team's identity provider, on a replica with real signed JWTs: the test is the
 * identity provider (an RSA key pair, its JWK set served over HTTP), and the replica is configured
 * with Spring Boot's resource-server properties only (JWK set URI, issuer, audience) and anonymous
 * reads turned off. Forged, expired and foreign-audience tokens get 401, a viewer gets 403 for a
 * change, every answer is problem+json, an operator's change records its name in the job's events,
 * and the demo's HTTP Basic operator still works. On the same replica, a trigger whose launch throws
 * (a job with required parameters) ends FAILED with the reason, and the next trigger runs.
 */
class BearerTokenSignInIntegrationTest {

    private static final String ISSUER = "https://idp.example/realms/team";
    private static final String AUDIENCE = "scale-poc";
    private static final String JOB = DatedJob.JOB;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RSAKey key;
    private static RSAKey forger;
    private static HttpServer identityProvider;
    private static Replica replica;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("team-key").generate();
        forger = new RSAKeyGenerator(2048).keyID("team-key").generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        identityProvider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        identityProvider.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        identityProvider.start();
        replica = Replica.builder("guarded", Cluster.create())
                .tokens(1)
                .onlyJobs("1h", DatedJob.JOB)
                .job(DatedJob.JOB, "initial-delay", "1h") // runs only when triggered
                .withConfiguration(DatedJob.class)
                .property(
                        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                        "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/jwks")
                .property("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER)
                .property("spring.security.oauth2.resourceserver.jwt.audiences", AUDIENCE)
                .property("scalepoc.security.anonymous-reads", false)
                .property("scalepoc.security.roles-claim", "realm_access.roles")
                .start();
    }

    @AfterAll
    static void stop() {
        replica.close();
        identityProvider.stop(0);
    }

    @Test
    void shouldLetViewersReadOperatorsChangeAndNobodyElseIn() throws Exception {
        String viewer =
                token(key, "victor", List.of("viewer"), AUDIENCE, Instant.now().plusSeconds(300));
        String operator = token(
                key,
                "alice",
                List.of("viewer", "operator"),
                AUDIENCE,
                Instant.now().plusSeconds(300));

        assertProblem(get("/api/jobs", null), 401);
        assertThat(get("/api/jobs", viewer).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode())
                .as("probes need no sign-in")
                .isEqualTo(200);
        assertThat(get("/", null).statusCode())
                .as("the status page's own files")
                .isEqualTo(200);

        assertProblem(get("/api/jobs", token(forger, "mallory", List.of("operator"), AUDIENCE, later())), 401);
        assertProblem(
                get(
                        "/api/jobs",
                        token(
                                key,
                                "victor",
                                List.of("viewer"),
                                AUDIENCE,
                                Instant.now().minusSeconds(120))),
                401);
        assertProblem(get("/api/jobs", token(key, "victor", List.of("viewer"), "another-api", later())), 401);
        assertProblem(get("/api/jobs", token(key, "nobody", List.of("staff"), AUDIENCE, later())), 403);

        assertProblem(post("/api/jobs/" + JOB + "/trigger", viewer), 403);
        assertProblem(post("/api/jobs/" + JOB + "/pause", viewer), 403);
        HttpResponse<String> paused = post("/api/jobs/" + JOB + "/pause", operator);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(get("/api/jobs/" + JOB + "/events", viewer).body()).contains("\"type\":\"PAUSED\"", "by alice");

        Api basic = new Api(replica.port());
        assertThat(basic.post("/api/jobs/" + JOB + "/resume").status())
                .as("the demo's Basic operator still changes")
                .isEqualTo(200);
        assertThat(basic.getAsOperator("/api/jobs").status()).isEqualTo(200);
    }

    @Test
    void shouldEndATriggerWhoseLaunchThrowsFailedWithTheReasonAndRunTheNext() throws Exception {
        String operator = token(key, "alice", List.of("operator"), AUDIENCE, later());
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> json(get("/api/jobs/" + DatedJob.JOB, operator))
                                .get("owner")
                                .asText(),
                        "guarded"::equals);

        HttpResponse<String> undated = post("/api/jobs/" + DatedJob.JOB + "/trigger", operator);
        HttpResponse<String> dated = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                "http://localhost:" + replica.port() + "/api/jobs/" + DatedJob.JOB + "/trigger"))
                        .header("Authorization", "Bearer " + operator)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"" + DatedJob.DATE + "\":\"2026-12-01\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(List.of(undated.statusCode(), dated.statusCode())).containsOnly(202);

        JsonNode failed = ended(undated, operator);
        assertThat(failed.get("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText())
                .startsWith("Could not launch: ")
                .contains("InvalidJobParametersException", DatedJob.DATE);
        assertThat(failed.get("execution").isNull()).isTrue();
        JsonNode completed = ended(dated, operator);
        assertThat(completed.get("outcome").asText()).isEqualTo("COMPLETED");
        assertThat(completed.get("parameters").get(DatedJob.DATE).asText()).isEqualTo("2026-12-01");
        assertThat(completed.get("requestedBy").asText()).isEqualTo("alice");
    }

    /** The trigger whose 202 is {@code accepted}, once it has ended. */
    private static JsonNode ended(HttpResponse<String> accepted, String token) {
        String location = accepted.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> json(get(location, token)).get("state").asText(), "ENDED"::equals);
        return json(get(location, token));
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.builder().build().readTree(response.body());
    }

    private static Instant later() {
        return Instant.now().plus(Duration.ofMinutes(5));
    }

    private static String token(RSAKey signer, String user, List<String> roles, String audience, Instant expires)
            throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("id-" + user)
                .audience(audience)
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", roles))
                .issueTime(Date.from(expires.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(signer.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + replica.port() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(String path, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + replica.port() + path))
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .as("no challenge a browser would prompt for")
                .isEmpty();
    }
}
