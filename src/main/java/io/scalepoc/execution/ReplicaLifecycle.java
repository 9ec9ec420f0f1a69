package io.scalepoc.execution;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.ownership.ClaimLoop;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.Lease;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.scheduling.JobScheduler;
import io.scalepoc.support.DependencyUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Start (after the web server is up): register the member lease {@code member#<instance id>}
 * (which also refuses a second live replica with the same id), run the start-up claim sweep, then
 * start the claim loop. Boot reports readiness only after this, so "ready" means "claimed".
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
    private final JobRunner runner;
    private final LeaseStore leases;
    private final ScalePocProperties properties;
    private final ApplicationEventPublisher events;
    private final Environment environment;
    private volatile boolean running;
    private volatile boolean startupClaimDone;
    private volatile Lease memberLease;

    public ReplicaLifecycle(
            JobOwnership ownership,
            ClaimLoop claimLoop,
            JobScheduler scheduler,
            JobRunner runner,
            LeaseStore leases,
            ScalePocProperties properties,
            ApplicationEventPublisher events,
            Environment environment) {
        this.ownership = ownership;
        this.claimLoop = claimLoop;
        this.scheduler = scheduler;
        this.runner = runner;
        this.leases = leases;
        this.properties = properties;
        this.events = events;
        this.environment = environment;
    }

    @Override
    public void start() {
        String instanceId = ownership.instanceId();
        memberLease = acquireMemberLease()
                .orElseThrow(() -> new DependencyUnavailableException(
                        "Cannot register member lease '" + LeaseKey.member(instanceId)
                                + "': another live replica uses instance id '" + instanceId
                                + "', or the lock table is unreachable",
                        "Give every replica its own scalepoc.instance-id (SCALEPOC_INSTANCE_ID), or wait one lease duration ("
                                + properties.ownership().leaseDuration()
                                + ") after the previous replica with this id died.",
                        null));
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

    private Optional<Lease> acquireMemberLease() {
        return leases.tryAcquire(
                LeaseKey.member(ownership.instanceId()),
                Map.of("tokens", Integer.toString(properties.tokens()), "address", address()));
    }

    /**
     * Registers the member lease again if it is no longer held: heartbeats failed for too long (a
     * DynamoDB outage, a long GC or SIGSTOP) and a monitor may have removed it as dead. Until then
     * this replica is missing from the membership that capacity and zombie checks use.
     */
    public void ensureMemberLease() {
        Lease current = memberLease;
        if (!running || current == null || current.isHeld()) {
            return;
        }
        try {
            leases.release(current); // the lock client forgets it; deletes the item if it is still ours
        } catch (RuntimeException e) {
            log.debug("Could not release the lapsed member lease: {}", e.toString());
        }
        Optional<Lease> renewed = acquireMemberLease();
        if (renewed.isPresent()) {
            memberLease = renewed.get();
            log.warn(
                    "Member lease '{}' had lapsed; registered it again",
                    renewed.get().key());
        } else {
            log.warn("Member lease '{}' has lapsed and cannot be registered again yet", current.key());
        }
    }

    @Override
    public void stop() {
        running = false;
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        Duration drainTimeout = properties.shutdown().drainTimeout();
        log.info(
                "Shutting down replica '{}': stop claiming and scheduling, drain running executions within {}",
                ownership.instanceId(),
                drainTimeout);
        ownership.stopClaiming();
        claimLoop.stop();
        scheduler.stop();
        Set<String> stillRunning = runner.drain(drainTimeout);
        ownership.releaseAllExcept(stillRunning);
        if (stillRunning.isEmpty()) {
            if (memberLease != null) {
                leases.release(memberLease);
            }
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
