package io.scalepoc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The wiring of {@code localstack/}, which cannot run here (no Docker engine): LocalStack gets the
 * init hook and the table definition at the paths the hook reads, and every replica points at
 * LocalStack with table creation off, as in production. (That the definition is the application's
 * own is LockTableDefinitionIntegrationTest's job.)
 */
class LocalStackComposeTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldHandTheTableDefinitionToTheInitHookAndPointEveryReplicaAtLocalStack() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("localstack/docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        List<String> volumes = (List<String>) services.get("localstack").get("volumes");
        assertThat(volumes)
                .contains(
                        "./init/ready.d:/etc/localstack/init/ready.d:ro",
                        "./lock-table.json:/etc/localstack/lock-table.json:ro");
        String hook = Files.readString(Path.of("localstack/init/ready.d/create-lock-table.sh"));
        assertThat(hook).contains("--cli-input-json file:///etc/localstack/lock-table.json");
        assertThat(Files.isExecutable(Path.of("localstack/init/ready.d/create-lock-table.sh")))
                .isTrue();

        List<String> replicas = services.keySet().stream()
                .filter(name -> name.startsWith("replica-"))
                .toList();
        assertThat(replicas).hasSize(3);
        for (String replica : replicas) {
            Map<String, Object> environment =
                    (Map<String, Object>) services.get(replica).get("environment");
            assertThat(environment)
                    .containsEntry("SCALEPOC_INSTANCE_ID", replica)
                    .containsEntry("SCALEPOC_DYNAMODB_ENDPOINT", "http://localstack:4566")
                    .containsEntry("SCALEPOC_DYNAMODB_CREATETABLE", "false");
        }
    }
}
