package io.scalepoc.testsupport;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A catalog job that refuses to launch without the job parameter {@code business.date} (Spring
 * Batch's own parameters validator), as a team's job with required parameters would: a launch
 * without it throws. Not a {@code @Configuration}: added by the tests that ask for it.
 */
public class DatedJob {

    public static final String JOB = "dated";
    public static final String DATE = "business.date";

    @Bean(JOB)
    Job dated(JobRepository repository, PlatformTransactionManager transactionManager) {
        return new JobBuilder(JOB, repository)
                .validator(new DefaultJobParametersValidator(new String[] {DATE}, new String[0]))
                .start(new StepBuilder(JOB + ".step", repository)
                        .tasklet((contribution, chunkContext) -> RepeatStatus.FINISHED, transactionManager)
                        .build())
                .build();
    }
}
