package io.scalepoc.lifecycle;

import io.scalepoc.config.ShutdownProperties;
import io.scalepoc.execution.LocalExecutions;
import io.scalepoc.ownership.ClaimLoop;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.MemberLease;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.scheduling.JobScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;

/**
 * Start and shutdown order of a replica.
 *
 * <p>Start (after the web server is up): register the member lease {@code member#<instance id>} (waiting for a dead predecessor with the same id to prove dead, refusing a
 * live one: {@link MemberLease}), run the start-up claim sweep, then start the claim loop. Boot
 * reports readiness only after this, so "ready" means "claimed".
 *
 * <p>Stop (SIGTERM; this lifecycle has the highest phase, so it stops before the web server):
 * readiness goes to REFUSING_TRAFFIC; claiming and schedules stop; running executions are asked to
 * stop at a chunk boundary and given the drain timeout; every lease whose job is no longer running
 * is released (deleted) so a peer or the replacement pod takes it at once; the member lease goes
 * last. A job whose execution did not stop in time keeps its lease until the process is gone and
 * the lease expires, so that no other replica can start it while it still runs; its next owner
 * then recovers the execution.
 */
public class ReplicaLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLifecycle.class);

    private final JobOwnership ownership;
    private final ClaimLoop claimLoop;
    private final JobScheduler scheduler;
    private final LocalExecutions local;
    private final LeaseStore leases;
    private final MemberLease memberLease;
    private final int tokens;
    private final boolean runsMonitors;
    private final Duration drainTimeout;
    private final ApplicationEventPublisher events;
    private final Environment environment;
    private volatile boolean running;
    private volatile boolean startupClaimDone;

    public ReplicaLifecycle(
            JobOwnership ownership,
            ClaimLoop claimLoop,
            JobScheduler scheduler,
            LocalExecutions local,
            LeaseStore leases,
            MemberLease memberLease,
            int tokens,
            boolean runsMonitors,
            Duration drainTimeout,
            ApplicationEventPublisher events,
            Environment environment) {
        this.ownership = ownership;
        this.claimLoop = claimLoop;
        this.scheduler = scheduler;
        this.local = local;
        this.leases = leases;
        this.memberLease = memberLease;
        this.tokens = tokens;
        this.runsMonitors = runsMonitors;
        this.drainTimeout = drainTimeout;
        this.events = events;
        this.environment = environment;
    }

    @Override
    public void start() {
        String instanceId = ownership.instanceId();
        // The lease store observed the member lease and every job lease when it was created, so a
        // predecessor with this instance id that died (restart in place) proves dead with all its
        // leases at once, and the start-up sweep below adopts its jobs.
        memberLease.register(() -> Map.of(
                "tokens", Integer.toString(tokens), "address", address(), "monitors", Boolean.toString(runsMonitors)));
        long started = System.nanoTime();
        List<OwnedJob> acquired = ownership.sweep();
        startupClaimDone = true;
        log.info(
                "Start-up claim took {} ms: replica '{}' owns {} ({} of {} tokens used)",
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                instanceId,
                acquired.stream().map(OwnedJob::name).toList(),
                ownership.tokensUsed(),
                ownership.tokenCapacity());
        claimLoop.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        log.info(
                "Shutting down replica '{}': stop claiming and scheduling, drain running executions within {}",
                ownership.instanceId(),
                drainTimeout);
        ownership.stopClaiming();
        claimLoop.stop(ShutdownProperties.CLAIM_LOOP_STOP);
        scheduler.stop();
        Set<String> stillRunning = local.drain(drainTimeout);
        boolean released = ownership.releaseAllExcept(stillRunning, ShutdownProperties.RELEASES);
        if (!released) {
            log.warn(
                    "Replica '{}' stops without releasing every lease: they expire by themselves",
                    ownership.instanceId());
        } else if (stillRunning.isEmpty()) {
            memberLease.release();
            leases.close();
            log.info("Replica '{}' released all its leases", ownership.instanceId());
        } else {
            log.warn(
                    "Executions of {} did not stop within {}; their leases are left to expire so that no other replica "
                            + "starts them while they run, and their next owner will recover them",
                    stillRunning,
                    drainTimeout);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first, before the web server and everything else. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    public boolean isStartupClaimDone() {
        return startupClaimDone;
    }

    private String address() {
        String host = environment.getProperty("HOSTNAME", "localhost");
        return host + ":"
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }
}
