package io.scalepoc.execution;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.InvalidConfigurationException;
import io.scalepoc.config.JobProperties;
import io.scalepoc.ownership.EpochFence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;

/**
 * The enabled catalog entries joined with their {@code Job} beans, or with the {@link JobSource}
 * that makes them when first run (declarative entries). A job's name in the metadata
 * must be its catalog name, or the schedule (which reads the metadata by name) would never see it run.
 * Every step of every catalog job gets the epoch fence here ({@link StepFencing}); a job with a step
 * that cannot be fenced automatically fails start-up (named, with its steps) unless its entry says
 * {@code fencing: manual}.
 */
public class JobCatalog {

    private static final Logger log = LoggerFactory.getLogger(JobCatalog.class);

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, JobSource> deferred = new HashMap<>();
    private final Map<String, JobProperties> properties;
    private final EpochFence fence;

    /**
     * @param jobBeans the {@code Job} beans by name (a team's Java jobs), fenced here
     * @param sources jobs made when first run (the declarative entries), checked here and fenced when made
     */
    public JobCatalog(
            CatalogProperties scalePocProperties,
            Map<String, Job> jobBeans,
            List<JobSource> sources,
            EpochFence fence) {
        this.properties = scalePocProperties.enabled();
        this.fence = fence;
        List<String> problems = new ArrayList<>();
        for (JobSource source : sources) {
            problems.addAll(source.problems());
            source.names().stream()
                    .filter(properties::containsKey)
                    .filter(name -> !jobBeans.containsKey(name)) // the configuration validator reports the clash
                    .forEach(name -> deferred.put(name, source));
        }
        properties.keySet().stream().filter(name -> !deferred.containsKey(name)).forEach(name -> {
            Job job = jobBeans.get(name);
            if (job == null) {
                problems.add("scalepoc.jobs." + name + ": there is no Spring Batch Job bean named '" + name + "'");
            } else if (!job.getName().equals(name)) {
                problems.add("scalepoc.jobs." + name + ": the Job bean '" + name + "' calls itself '" + job.getName()
                        + "'; bean name and job name must be the same");
            } else {
                jobs.put(name, job);
            }
        });
        jobs.forEach((name, job) -> {
            List<String> unfenced = StepFencing.apply(job, fence);
            if (unfenced.isEmpty()) {
                return;
            }
            if (properties.get(name).fencesManually()) {
                log.info(
                        "Job '{}' (fencing: manual): the runner fences its other steps; {} must check the epoch fence themselves before each commit (EpochFence.check(RunToken.current()))",
                        name,
                        unfenced);
            } else {
                problems.add("scalepoc.jobs." + name + ": the runner cannot put the epoch fence into " + unfenced
                        + ", so a stale owner's commits there would not be stopped. Make those steps chunk or"
                        + " tasklet steps, or set scalepoc.jobs." + name + ".fencing=manual and call"
                        + " EpochFence.check(RunToken.current()) in them before each commit (docs/etl.md)");
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
    }

    /** The job, made (and fenced) the first time it is asked for when its source makes it. */
    public Job job(String name) {
        Job job = jobs.get(name);
        if (job != null) {
            return job;
        }
        JobSource source = deferred.get(name);
        if (source == null) {
            throw new IllegalArgumentException("No enabled job named '" + name + "' in the catalog");
        }
        return jobs.computeIfAbsent(name, made -> {
            Job created = source.create(made);
            List<String> unfenced = StepFencing.apply(created, fence);
            if (!unfenced.isEmpty()) {
                throw new IllegalStateException("Job '" + made + "': the runner cannot fence " + unfenced);
            }
            return created;
        });
    }

    public JobProperties properties(String name) {
        return properties.get(name);
    }

    public int size() {
        return properties.size();
    }

    /**
     * The most of this catalog's jobs one replica of {@code tokens} can own at once: every job
     * that takes no token, and as many of the others as the tokens allow (each takes at least one).
     */
    public int mostOwnedAtOnce(int tokens) {
        long free = properties.keySet().stream()
                .filter(name -> properties(name).weight() == 0)
                .count();
        return (int) Math.min(properties.size(), free + Math.max(0, tokens));
    }
}
