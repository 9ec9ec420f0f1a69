package io.scalepoc.execution.jdbc;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the Spring Batch metadata to {@code scalepoc.audit.metadata-retention}, so that months of
 * runs (the global monitors alone add one execution per run) neither fill the database nor slow
 * the queries over it.
 *
 * <p>A pass deletes, oldest first, the job instances all of whose executions ended before the
 * cutoff, through {@link JobRepository#deleteJobInstance} (executions, step executions, contexts,
 * parameters). It never deletes an instance with an execution that has no end time (running, or
 * left running by a dead replica: recovery needs it), nor the latest instance of a job (its last
 * run sets the job's fixed-delay rhythm and feeds the monitors). It deletes in transactions of
 * {@value #BATCH} instances, each taking a transaction-scoped PostgreSQL advisory lock first: while
 * one replica prunes, the others skip their turn. The cutoff is this replica's clock minus the
 * retention, compared with end times other JVMs wrote: a skew of seconds against a retention of
 * days, and no ownership decision depends on it.
 *
 * <p>The same pass keeps scale-poc's own records to the same retention, on PostgreSQL's clock (the
 * times they carry are PostgreSQL's): the jobs' events ({@code job_event}), acquisitions ({@code
 * job_epoch_history}, but each job's latest), resolved alerts ({@code alert}; an open one stays
 * however old) and ended triggers ({@code job_trigger}), in batches of {@value #RECORD_BATCH} rows
 * under the same lock.
 *
 * <p>Passes run on thread {@code scalepoc-retention-1}, a minute after start-up and then every
 * {@code scalepoc.audit.metadata-pruning-interval}; a failed pass is logged and retried at the next.
 */
public class MetadataRetention implements SmartLifecycle {

    static final int BATCH = 100;
    static final int RECORD_BATCH = 10_000;
    /**
     * scale-poc's own records, each as the statement deleting one batch of those older than the
     * cutoff (parameters: the retention in seconds, the batch size).
     */
    private static final Map<String, String> RECORDS = Map.of(
            "job_event",
            """
            DELETE FROM datasync.job_event WHERE id IN (
                SELECT id FROM datasync.job_event WHERE at < clock_timestamp() - make_interval(secs => ?)
                 ORDER BY at LIMIT ?)
            """,
            "job_epoch_history",
            """
            DELETE FROM datasync.job_epoch_history WHERE (job_name, epoch) IN (
                SELECT h.job_name, h.epoch FROM datasync.job_epoch_history h
                 WHERE h.acquired_at < clock_timestamp() - make_interval(secs => ?)
                   AND h.epoch < (SELECT max(l.epoch) FROM datasync.job_epoch_history l WHERE l.job_name = h.job_name)
                 ORDER BY h.acquired_at LIMIT ?)
            """,
            "alert",
            """
            DELETE FROM datasync.alert WHERE id IN (
                SELECT id FROM datasync.alert WHERE resolved_at < clock_timestamp() - make_interval(secs => ?)
                 ORDER BY resolved_at LIMIT ?)
            """,
            "job_trigger",
            """
            DELETE FROM datasync.job_trigger WHERE trigger_id IN (
                SELECT trigger_id FROM datasync.job_trigger
                 WHERE state = 'ENDED' AND ended_at < clock_timestamp() - make_interval(secs => ?)
                 ORDER BY ended_at LIMIT ?)
            """);
    /** The advisory lock taken for a batch: "scalepoc" in ASCII. */
    static final long LOCK_KEY = 0x7363616c65706f63L;

    private static final Duration FIRST_PASS_DELAY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(MetadataRetention.class);

    private final JdbcTemplate jdbc;
    private final JobRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration retention;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;
    private volatile boolean stopping;

    public MetadataRetention(
            JdbcTemplate jdbc,
            JobRepository repository,
            PlatformTransactionManager transactionManager,
            Clock clock,
            Duration retention,
            Duration interval) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.retention = retention;
        this.interval = interval;
    }

    /**
     * One pass: deletes batches until no instance is left to delete, another replica holds the
     * pruning lock, or this replica stops.
     *
     * @return the job instances deleted
     */
    public int prune() {
        LocalDateTime cutoff = LocalDateTime.ofInstant(clock.instant().minus(retention), ZoneId.systemDefault());
        int deleted = 0;
        while (!stopping) {
            Integer batch = transactions.execute(status -> deleteBatch(cutoff));
            if (batch == null || batch < 0) {
                log.debug("Another replica is pruning the Spring Batch metadata; skipping this pass");
                break;
            }
            deleted += batch;
            if (batch < BATCH) {
                break;
            }
        }
        if (deleted > 0) {
            log.info(
                    "Pruned {} job instances (with their executions) that ended before {} (retention {})",
                    deleted,
                    cutoff,
                    retention);
        }
        RECORDS.forEach(this::pruneRecords);
        return deleted;
    }

    /** Deletes {@code table}'s rows older than the retention, a batch per transaction, while it holds the lock. */
    private void pruneRecords(String table, String deleteBatch) {
        long deleted = 0;
        while (!stopping) {
            Integer batch = transactions.execute(status -> {
                if (!Boolean.TRUE.equals(
                        jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY))) {
                    return -1;
                }
                return jdbc.update(deleteBatch, (double) retention.toSeconds(), RECORD_BATCH);
            });
            if (batch == null || batch < 0) {
                break;
            }
            deleted += batch;
            if (batch < RECORD_BATCH) {
                break;
            }
        }
        if (deleted > 0) {
            log.info("Pruned {} rows of datasync.{} older than {}", deleted, table, retention);
        }
    }

    /** @return instances deleted, or -1 when another replica holds the lock */
    private int deleteBatch(LocalDateTime cutoff) {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY))) {
            return -1;
        }
        List<Long> instances = jdbc.queryForList(
                """
                WITH latest AS (
                    SELECT job_name, max(job_instance_id) AS job_instance_id
                      FROM datasync.batch_job_instance GROUP BY job_name)
                SELECT i.job_instance_id
                  FROM datasync.batch_job_instance i
                  JOIN latest l ON l.job_name = i.job_name AND i.job_instance_id < l.job_instance_id
                 WHERE NOT EXISTS (SELECT 1 FROM datasync.batch_job_execution e
                                    WHERE e.job_instance_id = i.job_instance_id
                                      AND (e.end_time IS NULL OR e.end_time >= ?))
                 ORDER BY i.job_instance_id
                 LIMIT ?
                """,
                Long.class,
                Timestamp.valueOf(cutoff),
                BATCH);
        for (long id : instances) {
            JobInstance instance = repository.getJobInstance(id);
            if (instance != null) {
                repository.deleteJobInstance(instance);
            }
        }
        return instances.size();
    }

    private void pruneSafely() {
        try {
            prune();
        } catch (RuntimeException e) {
            log.warn("Pruning the Spring Batch metadata failed; retrying in {}: {}", interval, e.toString());
        }
    }

    @Override
    public void start() {
        stopping = false;
        CustomizableThreadFactory threads = new CustomizableThreadFactory("scalepoc-retention-");
        threads.setDaemon(true);
        executor = Executors.newSingleThreadScheduledExecutor(threads);
        executor.scheduleWithFixedDelay(
                this::pruneSafely, FIRST_PASS_DELAY.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        stopping = true;
        ScheduledExecutorService current = executor;
        if (current != null) {
            current.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        ScheduledExecutorService current = executor;
        return current != null && !current.isShutdown();
    }
}
