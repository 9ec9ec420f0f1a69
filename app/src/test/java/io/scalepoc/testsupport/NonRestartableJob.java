package io.scalepoc.testsupport;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A catalog job built with {@code preventRestart()}, of one empty tasklet step, as a team would
 * write a job that must never resume. Not a {@code @Configuration}: added by the tests that ask for it.
 */
public class NonRestartableJob {

    public static final String JOB = "non-restartable";

    @Bean(JOB)
    Job nonRestartable(JobRepository repository, PlatformTransactionManager transactionManager) {
        return new JobBuilder(JOB, repository)
                .preventRestart()
                .start(new StepBuilder(JOB + ".step", repository)
                        .tasklet((contribution, chunkContext) -> RepeatStatus.FINISHED, transactionManager)
                        .build())
                .build();
    }
}
