package io.scalepoc.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
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
        @DefaultValue @NestedConfigurationProperty OwnershipProperties ownership,
        @DefaultValue @NestedConfigurationProperty DynamoDbProperties dynamodb,
        @DefaultValue @NestedConfigurationProperty ShutdownProperties shutdown,
        @DefaultValue @NestedConfigurationProperty AuditProperties audit,
        @DefaultValue @NestedConfigurationProperty MonitoringProperties monitoring,
        @DefaultValue @NestedConfigurationProperty AlertsProperties alerts,
        @DefaultValue @NestedConfigurationProperty ControlProperties control,
        @DefaultValue @NestedConfigurationProperty SecurityProperties security) {

    static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

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
}
