package io.scalepoc.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.scalepoc.config.DeclarativeJobs;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders every overlay of {@code k8s/} with {@code kubectl kustomize}, parses each object with the
 * Kubernetes API's typed model (which rejects any field the API does not define), and checks the
 * invariants scale-poc depends on: rollouts replace one pod at a time and never add one (maxSurge
 * 0), the termination grace period outlasts the drain timeout, the probes hit health groups the
 * application really serves, the pod runs as non-root with limits, and its configuration binds to
 * valid scale-poc properties.
 */
class KubernetesManifestsIntegrationTest {

    /** The objects of one rendered overlay, by kind. */
    record Rendered(Map<String, List<Object>> byKind) {

        <T> List<T> all(Class<T> type) {
            return byKind.values().stream()
                    .flatMap(List::stream)
                    .filter(type::isInstance)
                    .map(type::cast)
                    .toList();
        }

        <T> T one(Class<T> type, String name) {
            return all(type).stream()
                    .filter(object -> name.equals(nameOf(object)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "declarative-catalog"})
    void shouldRenderValidObjectsThatKeepTheRolloutAndShutdownInvariants(String overlay) throws Exception {
        Rendered rendered = render("k8s/overlays/" + overlay);

        V1Deployment deployment = rendered.one(V1Deployment.class, "scale-poc");
        var strategy = deployment.getSpec().getStrategy();
        assertThat(strategy.getType()).isEqualTo("RollingUpdate");
        assertThat(strategy.getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString(0));
        assertThat(strategy.getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString(1));

        V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        V1Container container = pod.getContainers().get(0);
        V1ConfigMap config = rendered.one(
                V1ConfigMap.class,
                container.getEnvFrom().get(0).getConfigMapRef().getName());
        ScalePocProperties properties = bind(config.getData());
        assertThat(properties.problems())
                .as("the ConfigMap's scale-poc settings")
                .isEmpty();
        Duration webServer = shutdownPhaseTimeout(config.getData());
        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
                .as("termination grace must outlast the claim loop's last sweep, the drain, the releases "
                        + "and the web server's graceful shutdown")
                .isGreaterThanOrEqualTo(properties.shutdown().longest().plus(webServer));

        assertThat(probePath(container.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
        assertThat(probePath(container.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(probePath(container.getStartupProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(8080);

        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getEnvFrom().get(1).getSecretRef().getName()).isEqualTo("scale-poc-secrets");

        V1ServiceAccount account = rendered.one(V1ServiceAccount.class, pod.getServiceAccountName());
        assertThat(account.getMetadata().getAnnotations().get("eks.amazonaws.com/role-arn"))
                .matches("arn:aws:iam::\\d{12}:role/.+");

        Map<String, String> podLabels =
                deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(podLabels)
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(podLabels)
                .containsAllEntriesOf(
                        rendered.one(V1Service.class, "scale-poc").getSpec().getSelector());
        V1PodDisruptionBudget budget = rendered.one(V1PodDisruptionBudget.class, "scale-poc");
        assertThat(podLabels)
                .containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));

        List<String> profiles = effectiveProfiles(config.getData());
        if (overlay.equals("local")) {
            assertThat(profiles).as("the local cluster runs the demo").contains("demo");
            assertThat(runsDemoGenerator(config.getData(), profiles)).isTrue();
        } else {
            assertThat(profiles)
                    .as("production never runs the demo catalog, its generator or its default password")
                    .isNotEmpty()
                    .doesNotContain("demo");
            assertThat(runsDemoGenerator(config.getData(), profiles)).isFalse();
        }
        if (overlay.equals("local")) {
            assertThat(rendered.one(V1Secret.class, "scale-poc-secrets").getData())
                    .containsKeys("SPRING_DATASOURCE_PASSWORD", "SCALEPOC_CONTROL_PASSWORD");
            assertThat(properties.dynamodb().endpoint()).isEqualTo("http://dynamodb-local:8000");
        } else {
            assertThat(rendered.all(V1Secret.class))
                    .as("production secrets come from outside")
                    .isEmpty();
            assertThat(properties.dynamodb().hasEndpoint()).as("AWS itself").isFalse();
            assertThat(properties.dynamodb().createTable()).isFalse();
            assertThat(container.getImage()).doesNotEndWith(":latest").contains(":");
        }
    }

    /**
     * The declarative-catalog overlay: the stock image, the production settings, and a team's
     * catalog from a ConfigMap mounted as an additional config file — which binds, as a replica
     * would read it, to declarative jobs without a problem.
     */
    @Test
    void shouldRunATeamsDeclarativeCatalogFromAConfigMapOnTheStockImage() throws Exception {
        Rendered rendered = render("k8s/overlays/declarative-catalog");
        V1PodSpec pod = rendered.one(V1Deployment.class, "scale-poc")
                .getSpec()
                .getTemplate()
                .getSpec();
        V1Container container = pod.getContainers().get(0);
        V1Container production = productionContainer();
        assertThat(container.getImage()).as("the stock image").isEqualTo(production.getImage());
        assertThat(container.getEnv()).anySatisfy(variable -> {
            assertThat(variable.getName()).isEqualTo("SPRING_CONFIG_ADDITIONAL_LOCATION");
            assertThat(variable.getValue()).isEqualTo("file:/config/catalog.yml");
        });
        String volume = container.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals("/config"))
                .findFirst()
                .orElseThrow()
                .getName();
        String configMap = pod.getVolumes().stream()
                .filter(candidate -> candidate.getName().equals(volume))
                .findFirst()
                .orElseThrow()
                .getConfigMap()
                .getName();
        String catalog = rendered.one(V1ConfigMap.class, configMap).getData().get("catalog.yml");

        StandardEnvironment environment = environmentOf(rendered.one(
                        V1ConfigMap.class,
                        container.getEnvFrom().get(0).getConfigMapRef().getName())
                .getData());
        new YamlPropertySourceLoader()
                .load("catalog.yml", new ByteArrayResource(catalog.getBytes(StandardCharsets.UTF_8)))
                .forEach(source -> environment.getPropertySources().addLast(source));
        DeclarativeJobs declarative = DeclarativeJobs.of(environment);
        assertThat(declarative.declared()).containsOnlyKeys("invoices-sync", "nightly-rollup");
        assertThat(declarative.problems()).isEmpty();
        ScalePocProperties properties = Binder.get(environment).bindOrCreate("scalepoc", ScalePocProperties.class);
        assertThat(properties.problems()).isEmpty();
        assertThat(properties.jobs().get("nightly-rollup").isCron()).isTrue();
        assertThat(properties.jobs().get("invoices-sync").fixedDelay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldServeTheProbePathsTheManifestsUse() throws Exception {
        V1Container container = productionContainer();
        try (Replica replica = Replica.builder("probed", Cluster.create()).start()) {
            Api api = new Api(replica.port());
            for (V1Probe probe :
                    List.of(container.getReadinessProbe(), container.getLivenessProbe(), container.getStartupProbe())) {
                Api.Response response = api.get(probePath(probe));
                assertThat(response.status()).as(probePath(probe)).isEqualTo(200);
                assertThat(response.json().get("status").asText()).isEqualTo("UP");
            }
        }
    }

    @Test
    void shouldRejectAFieldTheKubernetesApiDoesNotDefine() {
        String typo = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"x\"},"
                + "\"spec\":{\"selector\":{},\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\","
                + "\"livenessProbe\":{\"httpGet\":{\"path\":\"/\",\"port\":8080},\"periodSecond\":5}}]}}}}";

        assertThatThrownBy(() -> V1Deployment.fromJson(typo)).hasMessageContaining("periodSecond");
    }

    private static Rendered render(String directory) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", directory).start();
        String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("kubectl kustomize %s: %s", directory, errors)
                .isZero();
        Map<String, List<Object>> byKind = new HashMap<>();
        Gson gson = new Gson();
        for (Object document : new Yaml().loadAll(yaml)) {
            if (document == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) document;
            String kind = (String) object.get("kind");
            String json = gson.toJson(object);
            Object typed =
                    switch (kind) {
                        case "Deployment" -> V1Deployment.fromJson(json);
                        case "Service" -> V1Service.fromJson(json);
                        case "ServiceAccount" -> V1ServiceAccount.fromJson(json);
                        case "ConfigMap" -> V1ConfigMap.fromJson(json);
                        case "Secret" -> V1Secret.fromJson(json);
                        case "PodDisruptionBudget" -> V1PodDisruptionBudget.fromJson(json);
                        case "Namespace" -> V1Namespace.fromJson(json);
                        default -> throw new AssertionError("unexpected kind " + kind + " in " + directory);
                    };
            byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(typed);
        }
        return new Rendered(byKind);
    }

    /** The scale-poc container of the production overlay. */
    private static V1Container productionContainer() throws Exception {
        return render("k8s/overlays/production")
                .one(V1Deployment.class, "scale-poc")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    private static ScalePocProperties bind(Map<String, String> environmentVariables) {
        return Binder.get(environmentOf(environmentVariables)).bindOrCreate("scalepoc", ScalePocProperties.class);
    }

    /** An environment of exactly these variables (none of the test JVM's own). */
    private static StandardEnvironment environmentOf(Map<String, String> environmentVariables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new HashMap<>(environmentVariables)));
        return environment;
    }

    /**
     * The profiles a replica runs with under {@code environmentVariables}, the way Spring decides:
     * {@code SPRING_PROFILES_ACTIVE}, or else {@code spring.profiles.default} of the packaged
     * application.yml (the demo).
     */
    private static List<String> effectiveProfiles(Map<String, String> environmentVariables) throws IOException {
        StandardEnvironment environment = environmentOf(environmentVariables);
        Object fallback = new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yml"))
                .get(0)
                .getProperty("spring.profiles.default");
        environment.setDefaultProfiles(String.valueOf(fallback).split(","));
        String[] active = environment.getActiveProfiles();
        return List.of(active.length > 0 ? active : environment.getDefaultProfiles());
    }

    /**
     * spring.lifecycle.timeout-per-shutdown-phase as a replica gets it: from the ConfigMap, else
     * application.yml, else the library's defaults.
     */
    private static Duration shutdownPhaseTimeout(Map<String, String> environmentVariables) throws IOException {
        StandardEnvironment environment = environmentOf(environmentVariables);
        for (String file : List.of("application.yml", "META-INF/scalepoc/defaults.yml")) {
            environment
                    .getPropertySources()
                    .addLast(new YamlPropertySourceLoader()
                            .load(file, new ClassPathResource(file))
                            .get(0));
        }
        return Binder.get(environment)
                .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
                .orElseThrow(() -> new AssertionError("spring.lifecycle.timeout-per-shutdown-phase is not set"));
    }

    /** The demo generator is a bean of the demo profile, and runs unless its catalog entry is disabled. */
    private static boolean runsDemoGenerator(Map<String, String> environmentVariables, List<String> profiles) {
        return profiles.contains("demo")
                && !"false".equals(environmentVariables.get("SCALEPOC_JOBS_DEMOGENERATOR_ENABLED"));
    }

    private static String probePath(V1Probe probe) {
        return probe.getHttpGet().getPath();
    }

    private static String nameOf(Object object) {
        return Stream.of(
                        object instanceof V1Deployment d ? d.getMetadata().getName() : null,
                        object instanceof V1Service s ? s.getMetadata().getName() : null,
                        object instanceof V1ServiceAccount a ? a.getMetadata().getName() : null,
                        object instanceof V1ConfigMap c ? c.getMetadata().getName() : null,
                        object instanceof V1Secret s ? s.getMetadata().getName() : null,
                        object instanceof V1PodDisruptionBudget b
                                ? b.getMetadata().getName()
                                : null,
                        object instanceof V1Namespace n ? n.getMetadata().getName() : null)
                .filter(name -> name != null)
                .findFirst()
                .orElse(null);
    }
}
