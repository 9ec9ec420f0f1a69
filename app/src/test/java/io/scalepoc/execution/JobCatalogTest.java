package io.scalepoc.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.InvalidConfigurationException;
import io.scalepoc.config.JobProperties;
import io.scalepoc.config.RetryProperties;
import io.scalepoc.ownership.EpochFence;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.partition.PartitionStep;
import org.springframework.batch.core.repository.support.ResourcelessJobRepository;
import org.springframework.batch.core.step.ListableStepLocator;
import org.springframework.batch.core.step.Step;

/**
 * How many jobs one replica can own at once (what its job threads are sized by, not the catalog),
 * and the catalog failing closed on jobs the runner cannot fence.
 */
class JobCatalogTest {

    @Test
    void boundsTheJobsOwnedAtOnceByTokensPlusTheJobsThatTakeNone() {
        Map<String, JobProperties> jobs = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            jobs.put("job-" + i, job(1));
        }
        jobs.put("heavy", job(5));
        jobs.put("free-1", job(0));
        jobs.put("free-2", job(0));
        Map<String, Job> beans = new LinkedHashMap<>();
        jobs.keySet().forEach(name -> beans.put(name, new NamedJob(name)));
        JobCatalog catalog =
                new JobCatalog(new CatalogProperties(jobs, jobs, Set.of(), 250), beans, List.of(), (job, epoch) -> {});

        assertThat(catalog.size()).isEqualTo(1003);
        assertThat(catalog.mostOwnedAtOnce(250)).isEqualTo(252);
        assertThat(catalog.mostOwnedAtOnce(0)).isEqualTo(2);
        assertThat(catalog.mostOwnedAtOnce(5000)).isEqualTo(1003);
    }

    /** Declarative jobs are made when first asked for, once each; their source's problems stop start-up. */
    @Test
    void makesTheJobsOfASourceWhenFirstAskedForAndListsItsProblemsAtOnce() {
        Map<String, JobProperties> jobs = new LinkedHashMap<>();
        jobs.put("java", job(1));
        jobs.put("declared-1", job(1));
        jobs.put("declared-2", job(1));
        List<String> made = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> problems = new java.util.ArrayList<>();
        JobSource source = new JobSource() {
            @Override
            public Set<String> names() {
                return Set.of("declared-1", "declared-2", "disabled");
            }

            @Override
            public List<String> problems() {
                return problems;
            }

            @Override
            public Job create(String name) {
                made.add(name);
                return new NamedJob(name);
            }
        };
        EpochFence fence = (job, epoch) -> {};
        Map<String, Job> beans = Map.of("java", new NamedJob("java"));
        CatalogProperties catalog = new CatalogProperties(jobs, jobs, Set.of(), 4);

        JobCatalog jobCatalog = new JobCatalog(catalog, beans, List.of(source), fence);
        assertThat(made).as("nothing made at start-up").isEmpty();
        assertThat(jobCatalog.size()).isEqualTo(3);
        assertThat(jobCatalog.job("declared-1").getName()).isEqualTo("declared-1");
        assertThat(jobCatalog.job("declared-1")).isSameAs(jobCatalog.job("declared-1"));
        assertThat(made).containsExactly("declared-1");
        assertThatThrownBy(() -> jobCatalog.job("disabled")).isInstanceOf(IllegalArgumentException.class);

        problems.add("scalepoc.jobs.declared-2.table-sync.source: table source.missing does not exist");
        assertThatThrownBy(() -> new JobCatalog(catalog, beans, List.of(source), fence))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                "scalepoc.jobs.declared-2.table-sync.source: table source.missing does not exist"));
    }

    @Test
    void refusesEveryJobWithAStepItCannotFenceNamingTheStepsUnlessItsEntrySaysManual() {
        Map<String, JobProperties> jobs = new LinkedHashMap<>();
        jobs.put("partitioned", job(1));
        jobs.put("not-listing", job(1));
        jobs.put("fenced-by-hand", job(1, "manual"));
        jobs.put("plain", job(1));
        Map<String, Job> beans = new LinkedHashMap<>();
        beans.put(
                "partitioned",
                new NamedJob("partitioned", Map.of("split", new PartitionStep(new ResourcelessJobRepository()))));
        beans.put("not-listing", new UnlistedJob("not-listing"));
        beans.put(
                "fenced-by-hand",
                new NamedJob("fenced-by-hand", Map.of("split", new PartitionStep(new ResourcelessJobRepository()))));
        beans.put("plain", new NamedJob("plain"));

        assertThatThrownBy(() -> new JobCatalog(
                        new CatalogProperties(jobs, jobs, Set.of(), 4), beans, List.of(), (job, e) -> {}))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .hasSize(2)
                        .anySatisfy(problem -> assertThat(problem)
                                .startsWith("scalepoc.jobs.partitioned: the runner cannot put the epoch fence into"
                                        + " [split (PartitionStep)]")
                                .contains("scalepoc.jobs.partitioned.fencing=manual"))
                        .anySatisfy(problem -> assertThat(problem)
                                .startsWith("scalepoc.jobs.not-listing: the runner cannot put the epoch fence into"
                                        + " [all steps")));

        jobs.remove("partitioned");
        jobs.remove("not-listing");
        JobCatalog catalog =
                new JobCatalog(new CatalogProperties(jobs, jobs, Set.of(), 4), beans, List.of(), (job, e) -> {});
        assertThat(catalog.size()).isEqualTo(2);
        assertThat(catalog.properties("fenced-by-hand").fencesManually()).isTrue();
    }

    private static JobProperties job(int weight, String fencing) {
        return new JobProperties(
                Duration.ofSeconds(10),
                Duration.ZERO,
                weight,
                Duration.ofHours(1),
                true,
                RetryProperties.DEFAULTS,
                null,
                "UTC",
                fencing);
    }

    private static JobProperties job(int weight) {
        return new JobProperties(Duration.ofSeconds(10), Duration.ZERO, weight, Duration.ofHours(1), true);
    }

    /** A job that lists its steps, as Spring Batch's own do. */
    private record NamedJob(String getName, Map<String, Step> steps) implements Job, ListableStepLocator {

        NamedJob(String name) {
            this(name, Map.of());
        }

        @Override
        public void execute(JobExecution execution) {}

        @Override
        public Collection<String> getStepNames() {
            return steps.keySet();
        }

        @Override
        public Step getStep(String stepName) {
            return steps.get(stepName);
        }
    }

    /** A job that does not say what its steps are. */
    private record UnlistedJob(String getName) implements Job {
        @Override
        public void execute(JobExecution execution) {}
    }
}
