package io.scalepoc.monitoring;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Runs, every self-check interval on thread {@code scalepoc-monitor-1}: the {@link SelfMonitor},
 * the refresh of the cluster-wide gauges ({@link Alerts#refreshOpenCounts()}, {@link
 * JobMetrics#refresh()}) and a new reading of PostgreSQL's clock ({@link ClockSkewCheck}). Each step
 * catches its own failures; the loop runs from start to shutdown. It starts before and stops after
 * the replica lifecycle.
 */
public class MonitoringLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MonitoringLoop.class);

    private final SelfMonitor selfMonitor;
    private final Alerts alerts;
    private final JobMetrics jobMetrics;
    private final ClockSkewCheck clockSkew;
    private final SafetyGauges safety;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    public MonitoringLoop(
            SelfMonitor selfMonitor,
            Alerts alerts,
            JobMetrics jobMetrics,
            ClockSkewCheck clockSkew,
            SafetyGauges safety,
            Duration interval) {
        this.selfMonitor = selfMonitor;
        this.alerts = alerts;
        this.jobMetrics = jobMetrics;
        this.clockSkew = clockSkew;
        this.safety = safety;
        this.interval = interval;
    }

    @Override
    public void start() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("scalepoc-monitor-");
        threads.setDaemon(true);
        executor = Executors.newSingleThreadScheduledExecutor(threads);
        executor.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass; public so tests can run a pass at a known moment. */
    public void runOnce() {
        step("self-monitor", selfMonitor::check);
        step("alert gauges", alerts::refreshOpenCounts);
        step("job gauges", jobMetrics::refresh);
        step("clock", clockSkew::run);
        step("safety gauges", safety::refresh);
    }

    private void step(String name, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.warn("Monitoring step '{}' failed, retrying in {}: {}", name, interval, e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService current = executor;
        if (current != null) {
            current.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    /** Starts before the replica lifecycle and stops after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }
}
