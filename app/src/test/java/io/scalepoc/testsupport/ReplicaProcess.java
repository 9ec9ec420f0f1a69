package io.scalepoc.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A replica as a child JVM, for tests that need real signals: SIGTERM ({@link #terminate()}),
 * SIGKILL ({@link #kill()}), SIGSTOP/SIGCONT ({@link #pause()}, {@link #resume()}). It runs the
 * packaged jar (Failsafe runs after {@code package}), or, when a test needs extra job beans, the
 * test JVM's own classpath with those configurations added as sources. Output goes to {@code
 * target/replica-logs/<id>-<n>.log}.
 */
public final class ReplicaProcess implements AutoCloseable {

    private static final Path JAR = Path.of("app", "target", "scale-poc.jar");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String instanceId;
    private final int port;
    private final Process process;
    private final Path log;

    private ReplicaProcess(String instanceId, int port, Process process, Path log) {
        this.instanceId = instanceId;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts a child JVM replica of {@code cluster} from the packaged jar and waits until it reports ready. */
    public static ReplicaProcess start(String instanceId, Replica.Cluster cluster, Map<String, Object> properties)
            throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the tests through 'mvn verify' (scripts/test.sh)");
        }
        return start(instanceId, cluster, properties, List.of("-jar", JAR.toString()));
    }

    /**
     * Launches a child JVM replica of {@code cluster} from the packaged jar and returns at once,
     * without waiting for it to be ready: for benchmarks that start several replicas together.
     */
    public static ReplicaProcess launch(String instanceId, Replica.Cluster cluster, Map<String, Object> properties)
            throws IOException {
        return start(instanceId, cluster, properties, List.of("-jar", JAR.toString()), false);
    }

    /**
     * As {@link #startWithLaunch(String, Replica.Cluster, Map, List)}, but returns as soon as the process is
     * launched: for tests that start several replicas together and wait for them with {@link #isReady()}.
     */
    public static ReplicaProcess launchWithLaunch(
            String instanceId, Replica.Cluster cluster, Map<String, Object> properties, List<String> launch)
            throws IOException {
        return start(instanceId, cluster, properties, launch, false);
    }

    /**
     * Starts a child JVM replica with the given JVM launch arguments (after {@code java} and its
     * memory options), e.g. {@code -cp <exploded layers> org.springframework.boot.loader.launch.JarLauncher}.
     */
    public static ReplicaProcess startWithLaunch(
            String instanceId, Replica.Cluster cluster, Map<String, Object> properties, List<String> launch)
            throws IOException {
        return start(instanceId, cluster, properties, launch);
    }

    /** As {@link #startWithLaunch(String, Replica.Cluster, Map, List)}, with {@code environment} added to the process's. */
    public static ReplicaProcess startWithLaunch(
            String instanceId,
            Replica.Cluster cluster,
            Map<String, Object> properties,
            List<String> launch,
            Map<String, String> environment)
            throws IOException {
        return start(instanceId, cluster, properties, launch, true, environment);
    }

    /**
     * Starts a child JVM replica from the test classpath, with {@code configurations} (classes with
     * {@code @Bean} methods, such as {@link SlowCustomersSync}) added to the application's sources.
     */
    public static ReplicaProcess startWith(
            String instanceId, Replica.Cluster cluster, Map<String, Object> properties, Class<?>... configurations)
            throws IOException {
        return fromTestClasspath(instanceId, cluster, properties, true, configurations);
    }

    /**
     * As {@link #startWith}, but returns as soon as the process is launched, without waiting for it to
     * report ready: for a replica that is expected to wait, or to refuse to start.
     */
    public static ReplicaProcess launchWith(
            String instanceId, Replica.Cluster cluster, Map<String, Object> properties, Class<?>... configurations)
            throws IOException {
        return fromTestClasspath(instanceId, cluster, properties, false, configurations);
    }

    private static ReplicaProcess fromTestClasspath(
            String instanceId,
            Replica.Cluster cluster,
            Map<String, Object> properties,
            boolean awaitReady,
            Class<?>... configurations)
            throws IOException {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put(
                "spring.main.sources",
                String.join(
                        ",",
                        java.util.Arrays.stream(configurations)
                                .map(Class::getName)
                                .toList()));
        return start(
                instanceId,
                cluster,
                all,
                List.of("-cp", System.getProperty("java.class.path"), "io.scalepoc.ScalePocApplication"),
                awaitReady);
    }

    private static ReplicaProcess start(
            String instanceId, Replica.Cluster cluster, Map<String, Object> properties, List<String> launch)
            throws IOException {
        return start(instanceId, cluster, properties, launch, true);
    }

    /**
     * Starts a child JVM replica from the packaged jar whose clocks (wall and monotonic) run {@code
     * offset} (libfaketime's syntax, e.g. {@code +1h}) away from the machine's, and waits until it
     * is ready. Needs Debian's libfaketime (scripts/tools.sh installs it).
     */
    public static ReplicaProcess startWithClockOffset(
            String instanceId, Replica.Cluster cluster, Map<String, Object> properties, String offset)
            throws IOException {
        Map<String, String> environment = Map.of("LD_PRELOAD", libfaketime().toString(), "FAKETIME", offset);
        return start(instanceId, cluster, properties, List.of("-jar", JAR.toString()), true, environment);
    }

    private static Path libfaketime() throws IOException {
        try (var libraries = Files.list(Path.of("/usr/lib"))) {
            return libraries
                    .map(directory -> directory.resolve("faketime/libfaketimeMT.so.1"))
                    .filter(Files::exists)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "libfaketimeMT.so.1 is missing: install Debian's libfaketime (scripts/tools.sh does)"));
        }
    }

    private static ReplicaProcess start(
            String instanceId,
            Replica.Cluster cluster,
            Map<String, Object> properties,
            List<String> launch,
            boolean awaitReady)
            throws IOException {
        return start(instanceId, cluster, properties, launch, awaitReady, Map.of());
    }

    private static ReplicaProcess start(
            String instanceId,
            Replica.Cluster cluster,
            Map<String, Object> properties,
            List<String> launch,
            boolean awaitReady,
            Map<String, String> environment)
            throws IOException {
        int port = TestDynamoDb.freePort();
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("scalepoc.instance-id", instanceId);
        all.put("server.port", port);
        all.putAll(cluster.dataSource(10));
        all.put("scalepoc.dynamodb.endpoint", TestDynamoDb.endpoint());
        all.put("scalepoc.dynamodb.table-name", cluster.tableName());
        all.put("scalepoc.jobs.demo-generator.enabled", false);
        all.put("scalepoc.monitoring.global-monitors-enabled", false);
        all.put("scalepoc.monitoring.resolve-quiet-period", "0s"); // as Replica's: tests of it set their own
        all.putAll(properties);
        return launch(instanceId, port, launch, all, environment, replica -> !awaitReady || replica.isReady());
    }

    /**
     * Starts {@code mainClass} from the test JVM's classpath as a child JVM with {@code
     * --name=value} arguments, ready once its log contains {@code readyLine}: for processes that
     * are not scale-poc replicas, such as the benchmarks' ShedLock replicas.
     */
    public static ReplicaProcess startMain(
            String instanceId, Class<?> mainClass, Map<String, Object> arguments, String readyLine) throws IOException {
        return launch(
                instanceId,
                0,
                List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()),
                arguments,
                Map.of(),
                replica -> replica.log().contains(readyLine));
    }

    private interface Readiness {
        boolean test(ReplicaProcess replica) throws IOException;
    }

    private static ReplicaProcess launch(
            String instanceId,
            int port,
            List<String> launch,
            Map<String, Object> arguments,
            Map<String, String> environment,
            Readiness ready)
            throws IOException {
        // replica.xmx: a benchmark measuring memory at scale may give its replicas more than the tests' 256 MB
        List<String> command = new ArrayList<>(List.of(
                javaExecutable(),
                "-Xmx" + System.getProperty("replica.xmx", "256m"),
                // replica.gc: the tests' small heaps need no parallel collector (about a second less per
                // start-up on two cores: 5.6 s against 6.1-7.1 s measured here); the benchmarks keep G1, as
                // a container with two cores and 512 MB or more would run
                "-XX:+Use" + System.getProperty("replica.gc", "Serial") + "GC"));
        // replica.full-jit: the tests' replicas live seconds and compile with C1 only (faster start-ups);
        // the benchmarks measure CPU in steady state, so they compile as production does
        if (!Boolean.getBoolean("replica.full-jit")) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        // replica.jvm-options: more options for every child JVM, space-separated (a flight recording to profile it)
        String options = System.getProperty("replica.jvm-options", "").trim();
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split("\\s+")));
        }
        command.addAll(launch);
        arguments.forEach((name, value) -> command.add("--" + name + "=" + value));
        Path log = Path.of("target", "replica-logs", instanceId + "-" + System.nanoTime() + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        ReplicaProcess replica = new ReplicaProcess(instanceId, port, process, log);
        Awaitility.await("replica " + instanceId + " ready (log: " + log + ")")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("replica " + instanceId + " exited: " + Files.readString(log));
                    }
                    return ready.test(replica);
                });
        return replica;
    }

    /** GET on the replica's web port; empty when it does not answer. */
    public String get(String path) {
        HttpResponse<String> response = send(path);
        return response == null ? "" : response.body();
    }

    /**
     * Whether the replica answers that it is ready (its start-up claim is done): the readiness group's
     * HTTP status, since its body lists every component's status, some UP while the group is not.
     */
    public boolean isReady() {
        HttpResponse<String> response = send("/actuator/health/readiness");
        return response != null && response.statusCode() == 200;
    }

    private HttpResponse<String> send(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The jobs in {@code /actuator/ownership}. */
    public List<String> ownedJobs() {
        List<String> jobs = new ArrayList<>();
        java.util.regex.Matcher matcher =
                java.util.regex.Pattern.compile("\"job\":\"([^\"]+)\"").matcher(get("/actuator/ownership"));
        while (matcher.find()) {
            jobs.add(matcher.group(1));
        }
        return jobs;
    }

    /** SIGTERM, as Kubernetes sends it. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook runs, nothing is released. */
    public void kill() {
        process.destroyForcibly();
    }

    /** SIGSTOP: the whole JVM freezes, as in a long GC pause or a frozen VM. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed with " + exit);
        }
    }

    /** Waits for the process to exit and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("replica " + instanceId + " still running after " + timeout);
        }
        return process.exitValue();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public String instanceId() {
        return instanceId;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString()
                + (File.separatorChar == '\\' ? ".exe" : "");
    }
}
