package io.scalepoc.execution;

import io.scalepoc.ownership.OwnedJob;
import io.scalepoc.ownership.ReplicaIdentity;
import io.scalepoc.ownership.RunToken;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * Recovers executions that a previous owner left running. Only called by the owner of the job
 * while it holds the lease, which proves the previous owner's lease ran out or was released: the
 * execution recorded as running is no longer running anywhere (or, if its replica is merely paused,
 * it will be fenced by the epoch). {@link JobOperator#recover} marks it FAILED so that it can be
 * restarted from its last committed chunk.
 */
public class ExecutionRecovery {

    private static final Logger log = LoggerFactory.getLogger(ExecutionRecovery.class);

    private final JobOperator operator;
    private final JobRepository repository;
    private final LocalExecutions local;
    private final String instanceId;

    public ExecutionRecovery(
            JobOperator operator, JobRepository repository, LocalExecutions local, ReplicaIdentity identity) {
        this.operator = operator;
        this.repository = repository;
        this.local = local;
        this.instanceId = identity.instanceId();
    }

    /**
     * The executions of {@code job} recorded as running that do not run here: left by a previous
     * owner (oldest first). None while this replica runs the job itself.
     */
    public List<JobExecution> orphans(OwnedJob job) {
        if (local.isRunningLocally(job.name())) {
            return List.of();
        }
        return repository.findRunningJobExecutions(job.name()).stream()
                .sorted(Comparator.comparing(JobExecution::getId))
                .toList();
    }

    /**
     * Marks {@code orphans} (from {@link #orphans}) FAILED, so that they can be restarted.
     *
     * @return the {@code run.id} of the most recent one, to restart it; empty if none
     */
    public OptionalLong recover(OwnedJob job, List<JobExecution> orphans) {
        OptionalLong restart = OptionalLong.empty();
        for (JobExecution orphan : orphans) {
            BatchStatus leftAs = orphan.getStatus();
            String leftBy = RunToken.of(job.name(), orphan.getJobParameters())
                    .map(token -> "'" + token.owner() + "' (epoch " + token.epoch() + ")")
                    .orElse("a run without an owner");
            orphan.setExitStatus(ExitStatus.FAILED.addExitDescription("Recovered by '" + instanceId + "' at epoch "
                    + job.epoch() + ": left " + leftAs + " by " + leftBy
                    + ", whose lease had expired or been released"));
            operator.recover(orphan);
            Long runId = orphan.getJobParameters().getLong(JobRunner.RUN_ID);
            log.warn(
                    "Recovered job '{}' execution {} left {} by {}; restarting it from its last committed chunk",
                    job.name(),
                    orphan.getId(),
                    leftAs,
                    leftBy);
            restart = runId == null ? OptionalLong.empty() : OptionalLong.of(runId);
        }
        return restart;
    }
}
