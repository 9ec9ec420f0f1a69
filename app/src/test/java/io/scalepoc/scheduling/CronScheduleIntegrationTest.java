package io.scalepoc.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * A cron job on a real replica: it runs at its fire times and never before, the API shows its
 * expression and next fire time, and after fires were missed (here: paused over several of them) it
 * runs once at once and then keeps to the fire times again — no burst of catch-up runs.
 */
class CronScheduleIntegrationTest {

    private static final String JOB = "cron-job";
    private static final String CRON = "*/3 * * * * *";
    private static final CronExpression FIRES = CronExpression.parse(CRON);

    /** A job whose only step does nothing. */
    static class CronJob {
        @Bean(JOB)
        Job cronJob(JobRepository repository, PlatformTransactionManager transactions) {
            return new JobBuilder(JOB, repository)
                    .start(new StepBuilder(JOB + ".step", repository)
                            .tasklet((contribution, context) -> RepeatStatus.FINISHED, transactions)
                            .build())
                    .build();
        }
    }

    @Test
    void shouldRunAtFireTimesAndRunMissedFiresOnceAtOnce() {
        Cluster cluster = Cluster.create();
        try (Replica replica = Replica.builder("cron", cluster)
                .tokens(1)
                .withConfiguration(CronJob.class)
                .onlyJobs("1h")
                .job(JOB, "cron", CRON)
                .job(JOB, "zone", "UTC")
                .start()) {
            BatchMetadata metadata = new BatchMetadata(replica.jdbc());
            Api api = new Api(replica.port());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> completed(metadata).size() >= 2);

            JsonNode view = api.get("/api/jobs/" + JOB).json();
            assertThat(view.get("cron").asText()).isEqualTo(CRON);
            assertThat(view.get("zone").asText()).isEqualTo("UTC");
            Instant nextDue = Instant.parse(view.get("nextDue").asText());
            assertThat(FIRES.next(nextDue.minusMillis(1).atZone(ZoneOffset.UTC)).toInstant())
                    .as("the next due time is a fire time")
                    .isEqualTo(nextDue);

            assertThat(api.post("/api/jobs/" + JOB + "/pause").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> completed(metadata).size() == all(metadata));
            int beforeResume = completed(metadata).size();
            Instant pausedUntil = Instant.now().plusSeconds(7); // over two fire times at least
            // resume just after a fire time, so that "at once" and "at the next fire" are 2 s or more apart
            await("paused over several fire times, then just after a fire")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> Instant.now().isAfter(pausedUntil) && untilNextFire(Instant.now()) >= 2000);
            Instant resumedAt = Instant.now();
            assertThat(api.post("/api/jobs/" + JOB + "/resume").status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> completed(metadata).size() >= beforeResume + 3);
            List<Execution> runs = completed(metadata);
            Execution catchUp = runs.get(beforeResume);
            assertThat(instant(catchUp.start()))
                    .as("the missed fires run once, at once, before the next fire time")
                    .isBefore(FIRES.next(resumedAt.atZone(ZoneOffset.UTC)).toInstant());
            for (int i = 1; i < runs.size(); i++) {
                Instant previousEnd = instant(runs.get(i - 1).end());
                assertThat(instant(runs.get(i).start()))
                        .as("run %d starts at the first fire time after the previous end, not before", i)
                        .isAfterOrEqualTo(FIRES.next(previousEnd.atZone(ZoneOffset.UTC))
                                .toInstant()
                                .minusMillis(100)); // clocks read apart by the JVM and PostgreSQL
            }
        }
    }

    private static long untilNextFire(Instant now) {
        return Duration.between(now, FIRES.next(now.atZone(ZoneOffset.UTC)).toInstant())
                .toMillis();
    }

    private static List<Execution> completed(BatchMetadata metadata) {
        return metadata.executions(JOB).stream()
                .filter(e -> e.status().equals("COMPLETED"))
                .toList();
    }

    private static int all(BatchMetadata metadata) {
        return metadata.executions(JOB).size();
    }

    private static Instant instant(LocalDateTime batchTime) {
        return batchTime.atZone(ZoneId.systemDefault()).toInstant();
    }
}
