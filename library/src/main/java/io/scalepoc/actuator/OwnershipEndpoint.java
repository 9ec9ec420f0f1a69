package io.scalepoc.actuator;

import io.scalepoc.execution.LocalExecutions;
import io.scalepoc.lifecycle.ReplicaLifecycle;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.OwnedJob;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code GET /actuator/ownership}: who this replica is, its tokens, and the jobs it owns. */
@Endpoint(id = "ownership")
public class OwnershipEndpoint {

    private final JobOwnership ownership;
    private final LocalExecutions local;
    private final ReplicaLifecycle lifecycle;

    public OwnershipEndpoint(JobOwnership ownership, LocalExecutions local, ReplicaLifecycle lifecycle) {
        this.ownership = ownership;
        this.local = local;
        this.lifecycle = lifecycle;
    }

    @ReadOperation
    public OwnershipReport ownership() {
        List<OwnedJobReport> jobs = ownership.ownedJobs().stream()
                .sorted(Comparator.comparing(OwnedJob::name))
                .map(job -> new OwnedJobReport(
                        job.name(),
                        job.epoch(),
                        job.weight(),
                        job.since(),
                        job.lease().isHeld(),
                        local.isRunningLocally(job.name())))
                .toList();
        int capacity = ownership.tokenCapacity();
        int used = ownership.tokensUsed();
        return new OwnershipReport(
                ownership.instanceId(),
                new Tokens(capacity, used, capacity - used),
                lifecycle.isStartupClaimDone(),
                ownership.isClaiming(),
                jobs);
    }

    public record OwnershipReport(
            String instanceId,
            Tokens tokens,
            boolean startupClaimDone,
            boolean claiming,
            List<OwnedJobReport> ownedJobs) {}

    public record Tokens(int capacity, int used, int free) {}

    public record OwnedJobReport(
            String job, long epoch, int weight, Instant ownedSince, boolean leaseHeld, boolean running) {}
}
