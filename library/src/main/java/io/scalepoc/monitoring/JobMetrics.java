package io.scalepoc.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scalepoc.config.CatalogProperties;
import io.scalepoc.config.JobProperties;
import io.scalepoc.control.JobControl;
import io.scalepoc.control.JobControlStore;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionObserver;
import io.scalepoc.ownership.HandOver;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.ownership.OwnershipListener;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.batch.core.job.JobExecution;

/**
 * The ownership and execution metrics of this replica. The per-job gauges are registered at start-up
 * for every enabled job; the per-job counters and timer, at zero, when this replica first asks for
 * the job's lease — so that dashboards show zeros rather than gaps where the job could run, and a
 * large catalog does not cost a dozen series per job on every replica:
 *
 * <ul>
 *   <li>{@code scalepoc.tokens.capacity}, {@code scalepoc.tokens.used}, {@code scalepoc.jobs.owned};
 *       {@code scalepoc.job.owned{job_name}} (1 on the owner, 0 elsewhere);
 *   <li>{@code scalepoc.lease.acquisitions{job_name,result}} with result {@code acquired}, {@code
 *       unavailable} (held elsewhere or the table did not answer), {@code epoch_failed};
 *   <li>{@code scalepoc.lease.lost{job_name}}: leases that expired, were taken over or fell into danger;
 *   <li>{@code scalepoc.rebalance.handovers{job_name}}: jobs fair balancing handed over from here;
 *   <li>{@code scalepoc.executions{job_name,status}} and {@code scalepoc.execution.duration{job_name}} for the
 *       executions this replica ran;
 *   <li>cluster-wide, from PostgreSQL at every {@link #refresh()}: {@code
 *       scalepoc.job.last.end{job_name}} (epoch seconds of the last end, whoever ran it; NaN if never)
 *       and {@code scalepoc.job.paused{job_name}}. Every replica reports the same values: use {@code max}.
 * </ul>
 */
public class JobMetrics implements OwnershipListener, ExecutionObserver {

    /**
     * The job's tag. Not {@code job}: Prometheus gives every scraped series its own {@code job}
     * label (the scrape job) and would rename ours to {@code exported_job}.
     */
    public static final String JOB_TAG = "job_name";

    static final List<String> STATUSES = List.of("COMPLETED", "FAILED", "STOPPED");
    static final List<String> ACQUISITION_RESULTS = List.of("acquired", "unavailable", "epoch_failed");

    private final MeterRegistry meters;
    private final ExecutionHistory history;
    private final JobControlStore controls;
    private final AtomicInteger tokensUsed = new AtomicInteger();
    private final Map<String, AtomicInteger> owned = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastEndMillis = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> paused = new ConcurrentHashMap<>();
    private final Set<String> counted = ConcurrentHashMap.newKeySet();

    public JobMetrics(
            CatalogProperties properties, ExecutionHistory history, JobControlStore controls, MeterRegistry meters) {
        this.meters = meters;
        this.history = history;
        this.controls = controls;
        Gauge.builder("scalepoc.tokens.capacity", properties::tokens)
                .description("Tokens of this replica (X)")
                .register(meters);
        Gauge.builder("scalepoc.tokens.used", tokensUsed, AtomicInteger::get)
                .description("Tokens spent on the jobs this replica owns")
                .register(meters);
        Gauge.builder("scalepoc.jobs.owned", owned, jobs -> jobs.values().stream()
                        .mapToInt(AtomicInteger::get)
                        .sum())
                .description("Jobs this replica owns")
                .register(meters);
        int demand = properties.enabled().values().stream()
                .mapToInt(JobProperties::weight)
                .sum();
        Gauge.builder("scalepoc.jobs.demand", () -> demand)
                .description("Total weight of the enabled jobs (this replica's catalog): the tokens the cluster needs")
                .register(meters);
        properties.enabled().forEach((job, props) -> {
            register(job);
            Gauge.builder("scalepoc.job.fixed.delay", props, p -> p.fixedDelay().toMillis() / 1000.0)
                    .description("The job's configured fixed delay")
                    .baseUnit("seconds")
                    .tag(JOB_TAG, job)
                    .register(meters);
            Gauge.builder(
                            "scalepoc.job.max.duration",
                            props,
                            p -> p.maxDuration().toMillis() / 1000.0)
                    .description("The job's configured max-duration")
                    .baseUnit("seconds")
                    .tag(JOB_TAG, job)
                    .register(meters);
        });
    }

    private void register(String job) {
        AtomicInteger ownedHere = owned.computeIfAbsent(job, j -> new AtomicInteger());
        Gauge.builder("scalepoc.job.owned", ownedHere, AtomicInteger::get)
                .description("1 if this replica owns the job")
                .tag(JOB_TAG, job)
                .register(meters);
        AtomicLong end = lastEndMillis.computeIfAbsent(job, j -> new AtomicLong(Long.MIN_VALUE));
        Gauge.builder(
                        "scalepoc.job.last.end",
                        end,
                        millis -> millis.get() == Long.MIN_VALUE ? Double.NaN : millis.get() / 1000.0)
                .description("When the job's last execution ended, cluster-wide (epoch seconds)")
                .baseUnit("seconds")
                .tag(JOB_TAG, job)
                .register(meters);
        AtomicInteger pausedFlag = paused.computeIfAbsent(job, j -> new AtomicInteger());
        Gauge.builder("scalepoc.job.paused", pausedFlag, AtomicInteger::get)
                .description("1 if the job is paused, cluster-wide")
                .tag(JOB_TAG, job)
                .register(meters);
    }

    /**
     * The job's counters and timer, at zero, the first time this replica asks for its lease: so that
     * the first increment shows in {@code rate()}, without a replica of a 10,000-job catalog exporting
     * a dozen series for every job it never touches.
     */
    private void registerCounters(String job) {
        if (counted.add(job)) {
            ACQUISITION_RESULTS.forEach(result -> acquisitions(job, result));
            lost(job);
            STATUSES.forEach(status -> executions(job, status));
            duration(job);
        }
    }

    private Counter acquisitions(String job, String result) {
        return Counter.builder("scalepoc.lease.acquisitions")
                .description("Attempts of this replica's sweeps to take a job's lease, by result")
                .tag(JOB_TAG, job)
                .tag("result", result)
                .register(meters);
    }

    private Counter lost(String job) {
        return Counter.builder("scalepoc.lease.lost")
                .description("Leases this replica lost (expired, taken over, or in danger) while owning the job")
                .tag(JOB_TAG, job)
                .register(meters);
    }

    private Counter executions(String job, String status) {
        return Counter.builder("scalepoc.executions")
                .description("Executions this replica ran, by final status")
                .tag(JOB_TAG, job)
                .tag("status", status)
                .register(meters);
    }

    private Timer duration(String job) {
        return Timer.builder("scalepoc.execution.duration")
                .description("Run time of the executions this replica ran")
                .tag(JOB_TAG, job)
                .register(meters);
    }

    @Override
    public void onAcquired(OwnedJob job) {
        registerCounters(job.name());
        acquisitions(job.name(), "acquired").increment();
        owned.computeIfAbsent(job.name(), j -> new AtomicInteger()).set(1);
        tokensUsed.addAndGet(job.weight());
    }

    @Override
    public void onReleased(OwnedJob job) {
        disown(job);
    }

    @Override
    public void onLost(OwnedJob job) {
        lost(job.name()).increment();
        disown(job);
    }

    private void disown(OwnedJob job) {
        AtomicInteger flag = owned.get(job.name());
        if (flag != null && flag.getAndSet(0) == 1) {
            tokensUsed.addAndGet(-job.weight());
        }
    }

    @Override
    public void onNotAcquired(String jobName, String reason) {
        registerCounters(jobName);
        acquisitions(jobName, reason).increment();
    }

    @Override
    public void onHandOverRequested(HandOver handOver) {
        if (handOver.kind() == HandOver.Kind.REBALANCE) {
            meters.counter("scalepoc.rebalance.handovers", JOB_TAG, handOver.job())
                    .increment();
        }
    }

    @Override
    public void ended(String jobName, JobExecution execution) {
        executions(jobName, execution.getStatus().name()).increment();
        if (execution.getStartTime() != null && execution.getEndTime() != null) {
            duration(jobName).record(Duration.between(execution.getStartTime(), execution.getEndTime()));
        }
    }

    /** Re-reads the cluster-wide gauges from PostgreSQL. */
    public void refresh() {
        Map<String, Instant> ends = history.lastEnds();
        lastEndMillis.forEach((job, millis) -> {
            Instant end = ends.get(job);
            millis.set(end == null ? Long.MIN_VALUE : end.toEpochMilli());
        });
        Map<String, JobControl> control = controls.all();
        paused.forEach((job, flag) ->
                flag.set(control.containsKey(job) && control.get(job).paused() ? 1 : 0));
    }
}
