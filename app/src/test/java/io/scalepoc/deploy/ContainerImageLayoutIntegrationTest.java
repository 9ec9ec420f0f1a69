package io.scalepoc.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be proven of the container image without a Docker engine or a registry (neither exists
 * on these machines): the Dockerfile's build stage extracts exactly the layers its runtime stage
 * copies, and the application starts from those layers with the Dockerfile's entry point, becomes
 * ready, and shuts down cleanly on SIGTERM (the signal Kubernetes sends).
 */
class ContainerImageLayoutIntegrationTest {

    private static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    @Test
    void shouldStartFromTheLayersTheDockerfileCopiesWithItsEntryPoint(@TempDir Path extracted) throws Exception {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile)
                .contains("java -Djarmode=tools -jar app/target/scale-poc.jar extract --layers --launcher")
                .contains("USER 10001:10001")
                .contains("ENV SPRING_PROFILES_DEFAULT=default")
                .contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
        for (String layer : LAYERS) {
            assertThat(dockerfile).contains("COPY --from=build /src/target/extracted/" + layer + "/ ./");
        }

        Process extract = new ProcessBuilder(
                        java(),
                        "-Djarmode=tools",
                        "-jar",
                        "app/target/scale-poc.jar",
                        "extract",
                        "--layers",
                        "--launcher",
                        "--destination",
                        extracted.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(extract.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(extract.exitValue()).as(output).isZero();
        try (Stream<Path> layers = Files.list(extracted)) {
            assertThat(layers.map(path -> path.getFileName().toString())).containsExactlyInAnyOrderElementsOf(LAYERS);
        }
        assertThat(extracted.resolve("application/BOOT-INF/classes/io/scalepoc/ScalePocApplication.class"))
                .exists();
        // the library, with our migrations, is a module of this project: it changes with the application
        assertThat(extracted.resolve("application/BOOT-INF/lib/scale-poc-spring-boot-starter-0.1.0-SNAPSHOT.jar"))
                .isRegularFile();

        // COPY every layer into one directory, as the runtime stage does into /app
        Path app = Files.createDirectories(extracted.resolve("app"));
        for (String layer : LAYERS) {
            copyTree(extracted.resolve(layer), app);
        }
        // as the image runs it: its ENV, no profile chosen, nothing configured but the cluster
        try (ReplicaProcess replica = ReplicaProcess.startWithLaunch(
                "from-layers",
                Cluster.create(),
                Map.of(),
                List.of("-cp", app.toString(), "org.springframework.boot.loader.launch.JarLauncher"),
                Map.of("SPRING_PROFILES_DEFAULT", "default"))) {
            assertThat(replica.get("/actuator/health/readiness")).contains("\"UP\"");
            assertThat(replica.get("/api/jobs"))
                    .as("the image runs no demo unless the demo profile is chosen")
                    .doesNotContain("customers-sync")
                    .doesNotContain("orders-sync");
            assertThat(replica.log())
                    .as("and has no operator password: changes are refused until one is set")
                    .contains("No scalepoc.control.password");
            replica.terminate();
            assertThat(replica.awaitExit(Duration.ofSeconds(60)))
                    .as("exit status after SIGTERM")
                    .isIn(0, 143);
            assertThat(replica.log()).contains("released all its leases");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
