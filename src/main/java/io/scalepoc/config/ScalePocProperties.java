package io.scalepoc.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code scalepoc.*}. Binding never throws for values that parse; the checks that
 * span fields live in {@link #problems()} so that start-up can report all of them at once (see
 * {@link ConfigurationValidator}).
 *
 * @param instanceId this replica's name in leases, logs and job parameters; defaults to {@code
 *     HOSTNAME}, else {@code host-pid-random} (see {@link InstanceId})
 * @param tokens X, the token capacity of this replica; the weight of the jobs it owns never exceeds
 *     it. 0 makes a replica that owns nothing and only serves its endpoints
 * @param jobs the job catalog: one entry per Spring Batch {@code Job} bean to run, keyed by bean name
 * @param ownership lease and claim timing
 * @param dynamodb where the lock table lives
 * @param shutdown graceful shutdown
 * @param audit the audit trail of committed work
 */
@ConfigurationProperties("scalepoc")
public record ScalePocProperties(
        String instanceId,
        @DefaultValue("2") int tokens,
        Map<String, JobProperties> jobs,
        @DefaultValue OwnershipProperties ownership,
        @DefaultValue DynamoDbProperties dynamodb,
        @DefaultValue ShutdownProperties shutdown,
        @DefaultValue AuditProperties audit) {

    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public ScalePocProperties {
        jobs = jobs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
    }

    /** The enabled catalog entries, in configuration order. */
    public Map<String, JobProperties> enabledJobs() {
        Map<String, JobProperties> enabled = new LinkedHashMap<>();
        jobs.forEach((name, job) -> {
            if (job.enabled()) {
                enabled.put(name, job);
            }
        });
        return enabled;
    }

    /** Every problem with these values that does not need the application context, in a stable order. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (tokens < 0) {
            problems.add("scalepoc.tokens must be 0 or more, but is " + tokens);
        }
        if (instanceId != null && instanceId.isBlank()) {
            problems.add("scalepoc.instance-id must not be blank when set");
        }
        problems.addAll(ownership.problems());
        problems.addAll(dynamodb.problems());
        problems.addAll(shutdown.problems());
        problems.addAll(audit.problems());
        Map<String, String> normalisedNames = new HashMap<>();
        jobs.forEach((name, job) -> {
            String prefix = "scalepoc.jobs." + name;
            if (!JOB_NAME.matcher(name).matches()) {
                problems.add(prefix + ": job name must match " + JOB_NAME.pattern());
            }
            String other = normalisedNames.putIfAbsent(normalise(name), name);
            if (other != null) {
                problems.add(
                        prefix + ": duplicate job name, same as '" + other
                                + "' once case and separators are ignored (they would share a lease and environment variables)");
            }
            problems.addAll(job.problems(prefix));
            if (job.enabled() && tokens > 0 && job.weight() > tokens) {
                problems.add(prefix + ".weight is " + job.weight() + ", more than the token budget scalepoc.tokens="
                        + tokens + ": no replica could ever own it");
            }
        });
        return problems;
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[._-]", "");
    }

    /**
     * One catalog entry.
     *
     * @param fixedDelay time from the end of the job's previous execution (cluster-wide, as the
     *     Spring Batch metadata records it) to the start of the next
     * @param initialDelay wait before the very first execution of a job that has never run
     * @param weight tokens the job costs its owner; 0 for housekeeping jobs that any replica with
     *     tokens may take for free
     * @param maxDuration how long one execution may reasonably run (used by monitoring)
     * @param enabled whether replicas claim and run the job at all
     */
    public record JobProperties(
            @DefaultValue("60s") Duration fixedDelay,
            @DefaultValue("0s") Duration initialDelay,
            @DefaultValue("1") int weight,
            @DefaultValue("1h") Duration maxDuration,
            @DefaultValue("true") boolean enabled) {

        List<String> problems(String prefix) {
            List<String> problems = new ArrayList<>();
            if (fixedDelay.isNegative() || fixedDelay.isZero()) {
                problems.add(prefix + ".fixed-delay must be positive, but is " + fixedDelay);
            }
            if (initialDelay.isNegative()) {
                problems.add(prefix + ".initial-delay must not be negative, but is " + initialDelay);
            }
            if (weight < 0) {
                problems.add(prefix + ".weight must be 0 or more, but is " + weight);
            }
            if (maxDuration.isNegative() || maxDuration.isZero()) {
                problems.add(prefix + ".max-duration must be positive, but is " + maxDuration);
            }
            return problems;
        }
    }

    /**
     * Lease and claim timing.
     *
     * @param leaseDuration how long a lease survives without a heartbeat; a dead owner's jobs are
     *     adopted after about this long (plus one claim interval)
     * @param heartbeatPeriod how often the owner renews its leases; at most a third of the lease so
     *     that two heartbeats can fail before the lease is in danger
     * @param claimInterval how often a replica with free tokens sweeps the catalog for released or
     *     orphaned jobs
     */
    public record OwnershipProperties(
            @DefaultValue("20s") Duration leaseDuration,
            @DefaultValue("5s") Duration heartbeatPeriod,
            @DefaultValue("10s") Duration claimInterval) {

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (!isPositive(leaseDuration)) {
                problems.add("scalepoc.ownership.lease-duration must be positive, but is " + leaseDuration);
            }
            if (!isPositive(heartbeatPeriod)) {
                problems.add("scalepoc.ownership.heartbeat-period must be positive, but is " + heartbeatPeriod);
            } else if (isPositive(leaseDuration)
                    && heartbeatPeriod.multipliedBy(3).compareTo(leaseDuration) > 0) {
                problems.add("scalepoc.ownership.heartbeat-period (" + heartbeatPeriod
                        + ") must be at most a third of scalepoc.ownership.lease-duration (" + leaseDuration + ")");
            }
            if (!isPositive(claimInterval)) {
                problems.add("scalepoc.ownership.claim-interval must be positive, but is " + claimInterval);
            }
            return problems;
        }
    }

    /**
     * The lock table.
     *
     * @param endpoint DynamoDB endpoint URL for DynamoDB Local or LocalStack; empty for AWS itself
     * @param region AWS region
     * @param tableName the lock table (partition key {@code key}, string)
     * @param createTable create the table when it is missing (local runs); otherwise it must exist
     * @param apiCallTimeout upper bound of one DynamoDB call including SDK retries, so that an
     *     unreachable DynamoDB fails a heartbeat rather than hanging it
     */
    public record DynamoDbProperties(
            String endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("scalepoc-leases") String tableName,
            @DefaultValue("false") boolean createTable,
            @DefaultValue("3s") Duration apiCallTimeout) {

        public boolean hasEndpoint() {
            return endpoint != null && !endpoint.isBlank();
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (hasEndpoint()) {
                try {
                    URI uri = new URI(endpoint);
                    if (uri.getScheme() == null || uri.getHost() == null) {
                        problems.add(
                                "scalepoc.dynamodb.endpoint must be an absolute URL such as http://localhost:8000, but is '"
                                        + endpoint + "'");
                    }
                } catch (URISyntaxException e) {
                    problems.add("scalepoc.dynamodb.endpoint is not a URL: '" + endpoint + "'");
                }
            }
            if (region == null || region.isBlank()) {
                problems.add("scalepoc.dynamodb.region must not be blank");
            }
            if (tableName == null || !tableName.matches("[A-Za-z0-9_.-]{3,255}")) {
                problems.add("scalepoc.dynamodb.table-name must be 3-255 characters of [A-Za-z0-9_.-], but is '"
                        + tableName + "'");
            }
            if (!isPositive(apiCallTimeout)) {
                problems.add("scalepoc.dynamodb.api-call-timeout must be positive, but is " + apiCallTimeout);
            }
            return problems;
        }
    }

    /**
     * Graceful shutdown.
     *
     * @param drainTimeout how long running executions get to stop at a chunk boundary after SIGTERM
     *     before the replica gives up on them (their leases are then left to expire, never released
     *     under a running execution)
     */
    public record ShutdownProperties(@DefaultValue("20s") Duration drainTimeout) {

        List<String> problems() {
            return isPositive(drainTimeout)
                    ? List.of()
                    : List.of("scalepoc.shutdown.drain-timeout must be positive, but is " + drainTimeout);
        }
    }

    /**
     * The audit trail of committed work.
     *
     * @param chunkLogRetention how long rows of {@code datasync.sync_chunk_log} (one per committed
     *     table-sync chunk) are kept; each chunk deletes its job's older rows in its own transaction
     */
    public record AuditProperties(@DefaultValue("7d") Duration chunkLogRetention) {

        List<String> problems() {
            return isPositive(chunkLogRetention)
                    ? List.of()
                    : List.of("scalepoc.audit.chunk-log-retention must be positive, but is " + chunkLogRetention);
        }
    }

    private static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
