package io.scalepoc.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The job catalog as the replicas see it, for the classes that only need the catalog (built by
 * {@link ScalePocProperties#catalog()}).
 *
 * @param jobs every configured entry of {@code scalepoc.jobs}, enabled or not, in configuration order
 * @param enabled what replicas claim and run: the enabled entries, then the global monitors
 * @param monitors the names of the global monitors
 * @param tokens this replica's token capacity (X)
 */
public record CatalogProperties(
        Map<String, JobProperties> jobs, Map<String, JobProperties> enabled, Set<String> monitors, int tokens) {

    public CatalogProperties {
        jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
        enabled = Collections.unmodifiableMap(new LinkedHashMap<>(enabled));
        monitors = Set.copyOf(monitors);
    }

    /** Whether {@code jobName} is one of the global monitors rather than a catalog job. */
    public boolean isMonitor(String jobName) {
        return monitors.contains(jobName) && !jobs.containsKey(jobName);
    }
}
