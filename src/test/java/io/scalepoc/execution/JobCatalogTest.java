package io.scalepoc.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.ScalePocProperties.JobProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;

/** How many jobs one replica can own at once: what its job threads are sized by, not the catalog. */
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
                new JobCatalog(new CatalogProperties(jobs, jobs, Set.of(), 250), beans, (job, epoch) -> {});

        assertThat(catalog.size()).isEqualTo(1003);
        assertThat(catalog.mostOwnedAtOnce(250)).isEqualTo(252);
        assertThat(catalog.mostOwnedAtOnce(0)).isEqualTo(2);
        assertThat(catalog.mostOwnedAtOnce(5000)).isEqualTo(1003);
    }

    private static JobProperties job(int weight) {
        return new JobProperties(Duration.ofSeconds(10), Duration.ZERO, weight, Duration.ofHours(1), true);
    }

    private record NamedJob(String getName) implements Job {
        @Override
        public void execute(JobExecution execution) {}
    }
}
