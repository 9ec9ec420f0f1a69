package io.scalepoc.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a person sees over HTTP: the ownership endpoint and health, on an owning and a zero-token replica. */
class OwnershipEndpointIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void shouldShowOwnedJobsWithEpochsAndTokensAndServeAZeroTokenReplicaToo() throws Exception {
        Cluster cluster = Cluster.create();
        try (Replica owner = Replica.builder("owner", cluster)
                        .tokens(2)
                        .onlyJobs("1h", "customers-sync", "products-sync")
                        .start();
                Replica observer =
                        Replica.builder("observer", cluster).tokens(0).start()) {

            JsonNode owned = get(owner, "/actuator/ownership");
            JsonNode empty = get(observer, "/actuator/ownership");

            assertThat(owned.get("instanceId").asText()).isEqualTo("owner");
            assertThat(owned.get("tokens").get("capacity").asInt()).isEqualTo(2);
            assertThat(owned.get("tokens").get("used").asInt()).isEqualTo(2);
            assertThat(owned.get("startupClaimDone").asBoolean()).isTrue();
            assertThat(owned.get("ownedJobs")).hasSize(2);
            for (JsonNode job : owned.get("ownedJobs")) {
                assertThat(job.get("job").asText()).isIn("customers-sync", "products-sync");
                assertThat(job.get("epoch").asLong()).isEqualTo(1);
                assertThat(job.get("leaseHeld").asBoolean()).isTrue();
                assertThat(job.get("ownedSince").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            }
            assertThat(empty.get("instanceId").asText()).isEqualTo("observer");
            assertThat(empty.get("tokens").get("capacity").asInt()).isZero();
            assertThat(empty.get("ownedJobs")).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> get(observer, "/actuator/health/readiness")
                    .get("status")
                    .asText()
                    .equals("UP"));
            assertThat(get(owner, "/actuator/health").get("status").asText()).isEqualTo("UP");
        }
    }

    private JsonNode get(Replica replica, String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + replica.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return json.readTree(response.body());
    }
}
