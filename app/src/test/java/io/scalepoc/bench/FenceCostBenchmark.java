package io.scalepoc.bench;

import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.support.ListItemReader;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The epoch fence's cost per chunk (docs/benchmarks.md, overhead): two copies of one chunk job,
 * {@code CHUNKS} chunks of one item each, whose writer updates a row in PostgreSQL (so every chunk
 * transaction really writes). {@value #FENCED} is in the catalog and launched by the replica, so the
 * runner fences it; {@value #UNFENCED} is not in the catalog and is launched directly through the
 * {@code JobOperator}, without the fence. Each chunk is timed from {@code beforeChunk} to {@code
 * afterChunk} (inside the transaction, before the commit); the first 10 % of each job's chunks are
 * left out (warm-up). The fence's cost is the difference of the medians. A benchmark: prints
 * figures, asserts nothing.
 */
class FenceCostBenchmark {

    private static final int CHUNKS = Integer.getInteger("bench.chunks", 2000);
    static final String FENCED = "fenced-chunks";
    static final String UNFENCED = "unfenced-chunks";
    static final Map<String, List<Double>> CHUNK_MILLIS = new ConcurrentHashMap<>();

    /** The two copies of the job, each timing its chunks into {@link #CHUNK_MILLIS}. */
    static class ChunkJobs {

        @Bean(FENCED)
        Job fenced(JobRepository repository, PlatformTransactionManager transactions, JdbcTemplate jdbc) {
            return job(FENCED, repository, transactions, jdbc);
        }

        @Bean(UNFENCED)
        Job unfenced(JobRepository repository, PlatformTransactionManager transactions, JdbcTemplate jdbc) {
            return job(UNFENCED, repository, transactions, jdbc);
        }

        private static Job job(
                String name, JobRepository repository, PlatformTransactionManager transactions, JdbcTemplate jdbc) {
            List<Double> millis = CHUNK_MILLIS.computeIfAbsent(name, key -> new ArrayList<>());
            ThreadLocal<Long> started = new ThreadLocal<>();
            return new JobBuilder(name, repository)
                    .start(new StepBuilder(name + ".step", repository)
                            .<Integer, Integer>chunk(1)
                            .transactionManager(transactions)
                            .reader(new ListItemReader<>(
                                    IntStream.rangeClosed(1, CHUNKS).boxed().toList()))
                            .writer(chunk -> jdbc.update(
                                    "UPDATE public.fence_bench SET n = n + ? WHERE job = ?", chunk.size(), name))
                            .listener(new ChunkListener<Integer, Integer>() {
                                @Override
                                public void beforeChunk(Chunk<Integer> chunk) {
                                    started.set(System.nanoTime());
                                }

                                @Override
                                public void afterChunk(Chunk<Integer> chunk) {
                                    millis.add((System.nanoTime() - started.get()) / 1e6);
                                }
                            })
                            .build())
                    .build();
        }
    }

    @Test
    void measureFenceCostPerChunk() throws Exception {
        Cluster cluster = Cluster.create();
        JdbcTemplate jdbc = cluster.jdbc();
        jdbc.execute("CREATE TABLE public.fence_bench (job text PRIMARY KEY, n bigint NOT NULL)");
        jdbc.update("INSERT INTO public.fence_bench VALUES (?, 0), (?, 0)", FENCED, UNFENCED);
        try (Replica replica = Replica.builder("fence-bench", cluster)
                .tokens(1)
                .withConfiguration(ChunkJobs.class)
                .onlyJobs("1h", FENCED)
                .start()) {
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> completed(jdbc, FENCED));
            replica.jobOperator()
                    .start(
                            replica.bean(UNFENCED, Job.class),
                            new JobParametersBuilder().addLong("run.id", 1L).toJobParameters());
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> completed(jdbc, UNFENCED));
        }
        List<Double> fenced = afterWarmUp(CHUNK_MILLIS.get(FENCED));
        List<Double> unfenced = afterWarmUp(CHUNK_MILLIS.get(UNFENCED));
        double fencedP50 = Stats.percentile(fenced, 50);
        double unfencedP50 = Stats.percentile(unfenced, 50);
        System.out.printf(
                "RESULT overhead chunks=%d fence_per_chunk_ms p50=%.2f (chunk p50 fenced %.2f / unfenced %.2f; p95 fenced %.2f / unfenced %.2f)%n",
                fenced.size(),
                fencedP50 - unfencedP50,
                fencedP50,
                unfencedP50,
                Stats.percentile(fenced, 95),
                Stats.percentile(unfenced, 95));
    }

    private static List<Double> afterWarmUp(List<Double> millis) {
        return List.copyOf(millis.subList(millis.size() / 10, millis.size()));
    }

    private static boolean completed(JdbcTemplate jdbc, String job) {
        return jdbc.queryForObject(
                        """
                        SELECT count(*) FROM datasync.batch_job_execution e
                          JOIN datasync.batch_job_instance i ON i.job_instance_id = e.job_instance_id
                         WHERE i.job_name = ? AND e.status = 'COMPLETED'
                        """,
                        Long.class,
                        job)
                > 0;
    }
}
