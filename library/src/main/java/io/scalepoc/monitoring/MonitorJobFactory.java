package io.scalepoc.monitoring;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Builds the Spring Batch job of a global monitor: one tasklet step that runs {@link GlobalMonitor}
 * and records what it found in the exit description. Being a catalog job, a monitor is lease-owned
 * (so exactly one replica runs it), scheduled by fixed delay, and its runs are in the metadata,
 * which is how the other monitors see that it is alive.
 */
public class MonitorJobFactory {

    private final GlobalMonitor monitor;
    private final JobRepository repository;
    private final PlatformTransactionManager transactionManager;

    public MonitorJobFactory(
            GlobalMonitor monitor, JobRepository repository, PlatformTransactionManager transactionManager) {
        this.monitor = monitor;
        this.repository = repository;
        this.transactionManager = transactionManager;
    }

    public Job create(String monitorName) {
        return new JobBuilder(monitorName, repository)
                .start(new StepBuilder(monitorName + ".check", repository)
                        .tasklet(
                                (contribution, chunkContext) -> {
                                    GlobalMonitor.Report report = monitor.run(monitorName);
                                    contribution.setExitStatus(
                                            ExitStatus.COMPLETED.addExitDescription(report.summary()));
                                    return RepeatStatus.FINISHED;
                                },
                                transactionManager)
                        .build())
                .build();
    }
}
