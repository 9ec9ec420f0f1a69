package io.scalepoc.config;

import io.scalepoc.support.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * Everything under {@code scalepoc.*}. Binding never throws for values that parse; the checks that
 * span fields live in {@link #problems()} so that start-up can report all of them at once (see
 * {@link ConfigurationValidator}).
 *
 * @param instanceId this replica's name in leases, logs and job parameters; defaults to {@code
 *     HOSTNAME}, else {@code host-pid-random} (see {@link InstanceId})
 * @param tokens X, the token capacity of this replica; the weight of the jobs it owns never exceeds
 *     it. 0 makes a replica that owns nothing and only serves its endpoints
 * @param maxConcurrentRuns how many runs this replica has going at once at most (its job threads);
 *     unset: every job it can own may run at the same time. A run that finds all of them busy
 *     starts when one is free. Bounds the connections the pool must have (see {@link
 *     ConnectionPoolCheck})
 * @param jobs the job catalog: one entry per Spring Batch {@code Job} bean to run, keyed by bean name
 * @param ownership lease and claim timing
 * @param dynamodb where the lock table lives
 * @param shutdown graceful shutdown
 * @param audit the audit trail of committed work
 * @param monitoring the self-monitor and the global monitors
 * @param alerts where alerts go besides PostgreSQL, the logs and the metrics
 * @param control credentials for changes through the control API
 * @param security who may read and who may change, with the team's identity provider
 */
@ConfigurationProperties("scalepoc")
public record ScalePocProperties(
        String instanceId,
        @DefaultValue("2") int tokens,
        Integer maxConcurrentRuns,
        Map<String, JobProperties> jobs,
        @DefaultValue OwnershipProperties ownership,
        @DefaultValue DynamoDbProperties dynamodb,
        @DefaultValue ShutdownProperties shutdown,
        @DefaultValue AuditProperties audit,
        @DefaultValue MonitoringProperties monitoring,
        @DefaultValue AlertsProperties alerts,
        @DefaultValue ControlProperties control,
        @DefaultValue SecurityProperties security) {

    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    public ScalePocProperties {
        jobs = jobs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
        security = security == null ? SecurityProperties.DEFAULTS : security;
    }

    /**
     * Everything replicas claim and run: the enabled catalog entries in configuration order, then
     * the global monitors (weight 0, see {@link MonitoringProperties#globalMonitors()}).
     */
    public Map<String, JobProperties> enabledJobs() {
        Map<String, JobProperties> enabled = new LinkedHashMap<>();
        jobs.forEach((name, job) -> {
            if (job.enabled()) {
                enabled.put(name, job);
            }
        });
        monitoring.globalMonitors().forEach((name, interval) -> enabled.putIfAbsent(name, monitoring.asJob(interval)));
        return enabled;
    }

    /** Whether {@code jobName} is one of the global monitors rather than a catalog job. */
    public boolean isMonitor(String jobName) {
        return catalog().isMonitor(jobName); // one rule, the catalog's
    }

    /**
     * How many job threads this replica needs: one per job it can own at once ({@code mostOwnedAtOnce}),
     * bounded by {@code max-concurrent-runs} when set.
     */
    public int runThreads(int mostOwnedAtOnce) {
        int threads = maxConcurrentRuns == null ? mostOwnedAtOnce : Math.min(mostOwnedAtOnce, maxConcurrentRuns);
        return Math.max(1, threads);
    }

    /** The catalog, for the classes that need only the catalog and the token capacity. */
    public CatalogProperties catalog() {
        return new CatalogProperties(
                jobs, enabledJobs(), monitoring.globalMonitors().keySet(), tokens);
    }

    /** Every problem with these values that does not need the application context, in a stable order. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (tokens < 0) {
            problems.add("scalepoc.tokens must be 0 or more, but is " + tokens);
        }
        if (maxConcurrentRuns != null && maxConcurrentRuns < 1) {
            problems.add("scalepoc.max-concurrent-runs must be 1 or more when set, but is " + maxConcurrentRuns);
        }
        if (instanceId != null && instanceId.isBlank()) {
            problems.add("scalepoc.instance-id must not be blank when set");
        }
        problems.addAll(ownership.problems());
        problems.addAll(dynamodb.problems());
        problems.addAll(shutdown.problems());
        problems.addAll(audit.problems());
        problems.addAll(monitoring.problems());
        problems.addAll(alerts.problems());
        problems.addAll(control.problems());
        problems.addAll(security.problems());
        monitoring.globalMonitors().keySet().stream()
                .filter(jobs::containsKey)
                .forEach(name -> problems.add("scalepoc.monitoring.global-monitors." + name
                        + ": a monitor cannot have the name of catalog job '" + name + "'"));
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
     * @param retry how a failed execution is tried again
     * @param cron instead of the fixed delay: Spring's six-field cron expression ({@code second
     *     minute hour day-of-month month day-of-week}, macros such as {@code @hourly} too); the job
     *     is due at the first fire time after its previous execution's end
     * @param zone the time zone the cron expression is read in
     * @param fencing {@code auto} (every step of the job must be one the runner can fence, or start-up
     *     fails) or {@code manual} (the job has steps it cannot fence, partitioned, flow or job steps,
     *     and checks {@code EpochFence.check(RunToken.current())} itself before each commit)
     */
    public record JobProperties(
            @DefaultValue("60s") Duration fixedDelay,
            @DefaultValue("0s") Duration initialDelay,
            @DefaultValue("1") int weight,
            @DefaultValue("1h") Duration maxDuration,
            @DefaultValue("true") boolean enabled,
            @DefaultValue RetryProperties retry,
            String cron,
            @DefaultValue("UTC") String zone,
            @DefaultValue(FENCING_AUTO) String fencing) {

        public static final String FENCING_AUTO = "auto";
        public static final String FENCING_MANUAL = "manual";

        @ConstructorBinding
        public JobProperties {
            retry = retry == null ? RetryProperties.DEFAULTS : retry;
            cron = cron == null || cron.isBlank() ? null : cron.trim();
            zone = zone == null || zone.isBlank() ? "UTC" : zone.trim();
            fencing = fencing == null || fencing.isBlank()
                    ? FENCING_AUTO
                    : fencing.trim().toLowerCase(Locale.ROOT);
        }

        /** An entry fenced by the runner. */
        public JobProperties(
                Duration fixedDelay,
                Duration initialDelay,
                int weight,
                Duration maxDuration,
                boolean enabled,
                RetryProperties retry,
                String cron,
                String zone) {
            this(fixedDelay, initialDelay, weight, maxDuration, enabled, retry, cron, zone, FENCING_AUTO);
        }

        /** Whether the job fences its unfenceable steps itself ({@code fencing: manual}). */
        public boolean fencesManually() {
            return FENCING_MANUAL.equals(fencing);
        }

        /** A fixed-delay entry with the default retry. */
        public JobProperties(
                Duration fixedDelay, Duration initialDelay, int weight, Duration maxDuration, boolean enabled) {
            this(fixedDelay, initialDelay, weight, maxDuration, enabled, RetryProperties.DEFAULTS);
        }

        /** A fixed-delay entry. */
        public JobProperties(
                Duration fixedDelay,
                Duration initialDelay,
                int weight,
                Duration maxDuration,
                boolean enabled,
                RetryProperties retry) {
            this(fixedDelay, initialDelay, weight, maxDuration, enabled, retry, null, "UTC");
        }

        public boolean isCron() {
            return cron != null;
        }

        /**
         * When the job is next due after an execution that ended at {@code end}: a fixed delay later,
         * or the cron expression's first fire time after it. A fire missed meanwhile (the job moved
         * between replicas, or its owner was down) is therefore due at once, once: after that run
         * the next fire time lies ahead again.
         */
        public Instant nextAfter(Instant end) {
            if (!isCron()) {
                return end.plus(fixedDelay);
            }
            ZonedDateTime next = CronExpression.parse(cron).next(end.atZone(ZoneId.of(zone)));
            return next == null ? Instant.MAX : next.toInstant();
        }

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
            if (!FENCING_AUTO.equals(fencing) && !FENCING_MANUAL.equals(fencing)) {
                problems.add(prefix + ".fencing must be 'auto' or 'manual', but is '" + fencing + "'");
            }
            if (maxDuration.isNegative() || maxDuration.isZero()) {
                problems.add(prefix + ".max-duration must be positive, but is " + maxDuration);
            }
            problems.addAll(retry.problems(prefix + ".retry"));
            boolean zoneValid = true;
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                zoneValid = false;
                problems.add(prefix + ".zone is not a time zone ('" + zone + "'): " + e.getMessage());
            }
            if (isCron()) {
                try {
                    CronExpression expression = CronExpression.parse(cron);
                    if (zoneValid && expression.next(ZonedDateTime.now(ZoneId.of(zone))) == null) {
                        problems.add(prefix + ".cron '" + cron + "' never fires");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(prefix + ".cron is not a valid cron expression ('" + cron + "'): " + e.getMessage());
                }
            }
            return problems;
        }
    }

    /**
     * How a job's failed execution is tried again: as a restart of the same JobInstance (from its
     * last committed chunk), after an exponential back-off, until the job has failed {@code
     * maxAttempts} times in a row; then it is left FAILED and the next run, a fixed delay later,
     * starts afresh.
     *
     * @param maxAttempts executions of one run in all, the first included; 1 never retries
     * @param initialBackoff wait after the first failure; doubled after each further one
     * @param maxBackoff the longest wait between two attempts
     */
    public record RetryProperties(
            @DefaultValue("3") int maxAttempts,
            @DefaultValue("10s") Duration initialBackoff,
            @DefaultValue("5m") Duration maxBackoff) {

        public static final RetryProperties DEFAULTS =
                new RetryProperties(3, Duration.ofSeconds(10), Duration.ofMinutes(5));

        /** The wait after the {@code failures}-th failure in a row (1 for the first). */
        public Duration backoff(int failures) {
            Duration backoff = initialBackoff;
            for (int i = 1; i < failures && backoff.compareTo(maxBackoff) < 0; i++) {
                backoff = backoff.multipliedBy(2);
            }
            return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
        }

        List<String> problems(String prefix) {
            List<String> problems = new ArrayList<>();
            if (maxAttempts < 1) {
                problems.add(prefix + ".max-attempts must be 1 or more, but is " + maxAttempts);
            }
            if (initialBackoff.isNegative() || initialBackoff.isZero()) {
                problems.add(prefix + ".initial-backoff must be positive, but is " + initialBackoff);
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                problems.add(prefix + ".max-backoff must be at least the initial-backoff " + initialBackoff
                        + ", but is " + maxBackoff);
            }
            return problems;
        }
    }

    /**
     * Lease and claim timing.
     *
     * @param leaseDuration how long a lease survives without a heartbeat; a dead owner's jobs are
     *     adopted after about this long (plus one claim interval). Also how long a fenced chunk
     *     transaction may sit idle before PostgreSQL ends it, and half of how long an epoch
     *     increment waits for its row
     * @param heartbeatPeriod how often the owner renews its leases; at most a third of the lease so
     *     that two heartbeats can fail before the lease is in danger
     * @param claimInterval how often a replica with free tokens sweeps the catalog for released or
     *     orphaned jobs
     * @param databaseOutageGrace how long a replica that cannot reach PostgreSQL (so cannot run any
     *     job) keeps its jobs before it gives them up to replicas that can; unset: one lease duration
     * @param balance {@code fair}: every live member works towards its share of the catalog's weight
     *     in proportion to its tokens, handing jobs over between runs; {@code fill}: a replica takes
     *     what it can until its tokens are spent, and keeps it
     * @param scanInterval how often a replica with free tokens scans the lock table between claim
     *     sweeps, to see a dead owner's lease stand still; unset: half the heartbeat period. Not shorter
     *     than the claim interval: scans only at claim sweeps
     */
    public record OwnershipProperties(
            @DefaultValue("20s") Duration leaseDuration,
            @DefaultValue("5s") Duration heartbeatPeriod,
            @DefaultValue("10s") Duration claimInterval,
            Duration databaseOutageGrace,
            @DefaultValue(FAIR) String balance,
            Duration scanInterval) {

        public static final String FAIR = "fair";
        public static final String FILL = "fill";

        /** Whether members balance the catalog between them ({@code fair}) rather than fill their tokens. */
        public boolean isFair() {
            return !FILL.equals(balance);
        }

        /**
         * The {@code scanInterval} in force: as set, or half the heartbeat period — a live holder
         * writes a new version every heartbeat, so a scan this often sees its last one within half
         * a heartbeat.
         */
        public Duration effectiveScanInterval() {
            return scanInterval != null ? scanInterval : heartbeatPeriod.dividedBy(2);
        }

        /** The {@code databaseOutageGrace} in force: as set, or one lease duration. */
        public Duration effectiveDatabaseOutageGrace() {
            return databaseOutageGrace != null ? databaseOutageGrace : leaseDuration;
        }

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
            if (databaseOutageGrace != null && databaseOutageGrace.isNegative()) {
                problems.add(
                        "scalepoc.ownership.database-outage-grace must not be negative, but is " + databaseOutageGrace);
            }
            if (scanInterval != null && !isPositive(scanInterval)) {
                problems.add("scalepoc.ownership.scan-interval must be positive, but is " + scanInterval);
            }
            if (!FAIR.equals(balance) && !FILL.equals(balance)) {
                problems.add("scalepoc.ownership.balance must be 'fair' or 'fill', but is '" + balance + "'");
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

        /** At most this long for the claim loop's sweep in progress to end, before the drain. */
        public static final Duration CLAIM_LOOP_STOP = Duration.ofSeconds(5);

        /** At most this long for releasing the leases after the drain; the rest are left to expire. */
        public static final Duration RELEASES = Duration.ofSeconds(10);

        /**
         * The longest the replica lifecycle's own shutdown takes: the claim loop's last sweep, the
         * drain, the releases. The pod's termination grace period must cover it plus the web
         * server's graceful shutdown (spring.lifecycle.timeout-per-shutdown-phase).
         */
        public Duration longest() {
            return CLAIM_LOOP_STOP.plus(drainTimeout).plus(RELEASES);
        }

        List<String> problems() {
            return isPositive(drainTimeout)
                    ? List.of()
                    : List.of("scalepoc.shutdown.drain-timeout must be positive, but is " + drainTimeout);
        }
    }

    /**
     * The audit trail of committed work, and how long history is kept.
     *
     * @param chunkLogRetention how long rows of {@code datasync.sync_chunk_log} (one per committed
     *     table-sync chunk) are kept; each chunk deletes its job's older rows in its own transaction
     * @param metadataRetention how long Spring Batch metadata is kept: job instances all of whose
     *     executions ended longer ago are deleted, except each job's latest instance and anything
     *     still running
     * @param metadataPruningInterval how often a replica prunes the Spring Batch metadata (one
     *     replica at a time)
     */
    public record AuditProperties(
            @DefaultValue("7d") Duration chunkLogRetention,
            @DefaultValue("30d") Duration metadataRetention,
            @DefaultValue("1h") Duration metadataPruningInterval) {

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (!isPositive(chunkLogRetention)) {
                problems.add("scalepoc.audit.chunk-log-retention must be positive, but is " + chunkLogRetention);
            }
            if (!isPositive(metadataRetention)) {
                problems.add("scalepoc.audit.metadata-retention must be positive, but is " + metadataRetention);
            }
            if (!isPositive(metadataPruningInterval)) {
                problems.add(
                        "scalepoc.audit.metadata-pruning-interval must be positive, but is " + metadataPruningInterval);
            }
            return problems;
        }
    }

    /**
     * The self-monitor on every replica and the global monitors.
     *
     * @param selfCheckInterval how often every replica checks the jobs it owns (and refreshes the
     *     cluster-wide gauges)
     * @param staleGrace how late a job may be beyond its fixed delay before it is STALE
     * @param failureThreshold consecutive FAILED executions that make a job FAILING
     * @param globalMonitorsEnabled whether replicas run the global monitor jobs at all
     * @param globalMonitors the global monitor jobs and their fixed delays; each is lease-owned like
     *     any job, costs no tokens, and watches the others. Setting this map replaces the default
     *     {@code monitor-1: 10s, monitor-2: 60s}
     * @param probeLeaseDuration no longer used (the monitors judge leases by scan); still accepted and
     *     validated so that existing configuration starts
     * @param handOverGrace how long an orphaned job, a zombie execution or a capacity shortfall must
     *     last before it is alerted: conditions that a normal hand-over (a crash, a rollout, start-up)
     *     clears by itself within about a lease plus a claim interval; unset means exactly that
     * @param maxClockSkew how far a replica's wall clock may differ from PostgreSQL's before it is
     *     reported (CLOCK_SKEW alert, health detail): decisions follow PostgreSQL's clock anyway,
     *     but logs and Spring Batch's own timestamps carry the replica's
     * @param resolveQuietPeriod how long a condition must have been absent (no check found it) before
     *     its alert resolves, so that a condition that comes and goes opens one alert, not one per check
     */
    public record MonitoringProperties(
            @DefaultValue("10s") Duration selfCheckInterval,
            @DefaultValue("30s") Duration staleGrace,
            @DefaultValue("3") int failureThreshold,
            @DefaultValue("true") boolean globalMonitorsEnabled,
            Map<String, Duration> globalMonitors,
            @DefaultValue("5s") Duration probeLeaseDuration,
            Duration handOverGrace,
            @DefaultValue("2s") Duration maxClockSkew,
            @DefaultValue("30s") Duration resolveQuietPeriod) {

        /** Fixed delays of the default monitors: monitor-1 every 10 s, monitor-2 every minute, as the POC planned. */
        public static final Map<String, Duration> DEFAULT_MONITORS =
                Map.of("monitor-1", Duration.ofSeconds(10), "monitor-2", Duration.ofSeconds(60));

        private static final Duration MONITOR_MAX_DURATION = Duration.ofMinutes(5);

        public MonitoringProperties {
            globalMonitors = !globalMonitorsEnabled
                    ? new TreeMap<>()
                    : new TreeMap<>(globalMonitors == null ? DEFAULT_MONITORS : globalMonitors);
            globalMonitors = Collections.unmodifiableMap(globalMonitors);
        }

        /** The hand-over grace, or the time a hand-over normally takes when it is not set. */
        public Duration handOverGrace(OwnershipProperties ownership) {
            return handOverGrace != null
                    ? handOverGrace
                    : ownership.leaseDuration().plus(ownership.claimInterval());
        }

        JobProperties asJob(Duration interval) {
            return new JobProperties(interval, Duration.ZERO, 0, MONITOR_MAX_DURATION, true);
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (!isPositive(selfCheckInterval)) {
                problems.add("scalepoc.monitoring.self-check-interval must be positive, but is " + selfCheckInterval);
            }
            if (staleGrace == null || staleGrace.isNegative()) {
                problems.add("scalepoc.monitoring.stale-grace must not be negative, but is " + staleGrace);
            }
            if (failureThreshold < 1) {
                problems.add("scalepoc.monitoring.failure-threshold must be 1 or more, but is " + failureThreshold);
            }
            if (!isPositive(probeLeaseDuration)) {
                problems.add("scalepoc.monitoring.probe-lease-duration must be positive, but is " + probeLeaseDuration);
            }
            if (handOverGrace != null && handOverGrace.isNegative()) {
                problems.add("scalepoc.monitoring.hand-over-grace must not be negative, but is " + handOverGrace);
            }
            if (!isPositive(maxClockSkew)) {
                problems.add("scalepoc.monitoring.max-clock-skew must be positive, but is " + maxClockSkew);
            }
            if (resolveQuietPeriod == null || resolveQuietPeriod.isNegative()) {
                problems.add(
                        "scalepoc.monitoring.resolve-quiet-period must not be negative, but is " + resolveQuietPeriod);
            }
            globalMonitors.forEach((name, interval) -> {
                if (!JOB_NAME.matcher(name).matches()) {
                    problems.add(
                            "scalepoc.monitoring.global-monitors." + name + ": name must match " + JOB_NAME.pattern());
                }
                if (!isPositive(interval)) {
                    problems.add(
                            "scalepoc.monitoring.global-monitors." + name + " must be positive, but is " + interval);
                }
            });
            return problems;
        }
    }

    /**
     * Alert notifications. Alerts are always stored in PostgreSQL, logged and counted; this adds a
     * webhook.
     *
     * @param webhookUrl when set, every opening and resolution is POSTed here as JSON
     * @param webhookTimeout connect and request timeout of one POST
     * @param webhookMaxAttempts attempts per notification before it is dropped (and counted)
     * @param webhookBackoff wait before the second attempt; doubles with every further attempt
     * @param webhookQueueCapacity notifications waiting to be sent; beyond it the oldest is dropped
     */
    public record AlertsProperties(
            String webhookUrl,
            @DefaultValue("5s") Duration webhookTimeout,
            @DefaultValue("5") int webhookMaxAttempts,
            @DefaultValue("1s") Duration webhookBackoff,
            @DefaultValue("1000") int webhookQueueCapacity) {

        public boolean hasWebhook() {
            return webhookUrl != null && !webhookUrl.isBlank();
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (hasWebhook()) {
                try {
                    URI uri = new URI(webhookUrl);
                    if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
                        problems.add("scalepoc.alerts.webhook-url must be an absolute http(s) URL, but is "
                                + Redaction.url(webhookUrl) + " (the rest is not shown: it may hold a secret)");
                    }
                } catch (URISyntaxException e) {
                    problems.add("scalepoc.alerts.webhook-url is not a URL (its value is not shown: it may hold a "
                            + "secret): " + e.getReason());
                }
            }
            if (!isPositive(webhookTimeout)) {
                problems.add("scalepoc.alerts.webhook-timeout must be positive, but is " + webhookTimeout);
            }
            if (webhookMaxAttempts < 1) {
                problems.add("scalepoc.alerts.webhook-max-attempts must be 1 or more, but is " + webhookMaxAttempts);
            }
            if (!isPositive(webhookBackoff)) {
                problems.add("scalepoc.alerts.webhook-backoff must be positive, but is " + webhookBackoff);
            }
            if (webhookQueueCapacity < 1) {
                problems.add(
                        "scalepoc.alerts.webhook-queue-capacity must be 1 or more, but is " + webhookQueueCapacity);
            }
            return problems;
        }
    }

    /**
     * Credentials for changes through the control API (HTTP Basic). Reads need none.
     *
     * @param username the one user allowed to pause, resume, trigger and release jobs
     * @param password its password; there is no default outside the local demo profile, and without
     *     one every change is refused with 401
     * @param maxPendingTriggers how many accepted triggers of one job may wait for its owner; a trigger
     *     beyond them is refused with 429
     */
    public record ControlProperties(
            @DefaultValue("operator") String username, String password, @DefaultValue("100") int maxPendingTriggers) {

        public boolean hasPassword() {
            return password != null && !password.isEmpty();
        }

        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (username == null || username.isBlank()) {
                problems.add("scalepoc.control.username must not be blank");
            }
            if (maxPendingTriggers < 1) {
                problems.add("scalepoc.control.max-pending-triggers must be at least 1, not " + maxPendingTriggers);
            }
            return problems;
        }
    }

    private static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
