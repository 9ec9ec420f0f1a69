package io.scalepoc.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.execution.Outcome.Kind;
import io.scalepoc.ownership.RunToken;
import io.scalepoc.ownership.StaleEpochException;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.transaction.TransactionSystemException;

/** Every branch of the outcome classification, on executions built by hand: no Spring context, no database. */
class OutcomeTest {

    private static final RunToken TOKEN = new RunToken("orders-sync", 4, "replica-a");

    @Test
    void shouldKeepSpringBatchsRecordOfACompletedOrStoppedExecution() {
        for (BatchStatus status : new BatchStatus[] {BatchStatus.COMPLETED, BatchStatus.STOPPED}) {
            Outcome outcome = Outcome.classify(execution(status), TOKEN, OptionalLong.of(4));

            assertThat(outcome.kind()).as(status.name()).isEqualTo(Kind.AS_RECORDED);
            assertThat(outcome.exitMessage()).isEmpty();
        }
    }

    @Test
    void shouldCallAnUnknownExecutionWhoseEpochMovedOnSuperseded() {
        Outcome outcome = Outcome.classify(execution(BatchStatus.UNKNOWN), TOKEN, OptionalLong.of(5));

        assertThat(outcome.kind()).isEqualTo(Kind.SUPERSEDED);
        assertThat(outcome.exitMessage()).hasValueSatisfying(message -> assertThat(message)
                .startsWith("Superseded: replica 'replica-a' lost job 'orders-sync' at epoch 4 to epoch 5"));
    }

    @Test
    void shouldKeepAnUnknownExecutionAsRecordedWhileItsEpochIsCurrentOrCannotBeRead() {
        assertThat(Outcome.classify(execution(BatchStatus.UNKNOWN), TOKEN, OptionalLong.of(4))
                        .kind())
                .isEqualTo(Kind.AS_RECORDED);
        assertThat(Outcome.classify(execution(BatchStatus.UNKNOWN), TOKEN, OptionalLong.empty())
                        .kind())
                .isEqualTo(Kind.AS_RECORDED);
    }

    @Test
    void shouldNameTheFenceWhenAChunkWasRejectedByIt() {
        JobExecution execution = execution(BatchStatus.FAILED);
        StaleEpochException stale = new StaleEpochException("orders-sync", 4, 5L);
        execution.addFailureException(new TransactionSystemException("commit failed", stale));

        Outcome outcome = Outcome.classify(execution, TOKEN, OptionalLong.empty());

        assertThat(outcome.kind()).isEqualTo(Kind.FENCED);
        assertThat(outcome.exitMessage()).contains(stale.getMessage());
    }

    @Test
    void shouldNameTheInnermostCauseOfTheFailure() {
        JobExecution execution = execution(BatchStatus.FAILED);
        execution.addFailureException(
                new IllegalStateException("outer", new IllegalArgumentException("column \"total\" does not exist")));

        Outcome outcome = Outcome.classify(execution, TOKEN, OptionalLong.empty());

        assertThat(outcome.kind()).isEqualTo(Kind.FAILED);
        assertThat(outcome.exitMessage())
                .contains("Failed: java.lang.IllegalArgumentException: column \"total\" does not exist"
                        + " (the step execution's exit message has the stack trace)");
    }

    @Test
    void shouldKeepAFailureWithoutAnExceptionAsRecorded() {
        Outcome outcome = Outcome.classify(execution(BatchStatus.FAILED), TOKEN, OptionalLong.empty());

        assertThat(outcome.kind()).isEqualTo(Kind.AS_RECORDED);
        assertThat(outcome.exitMessage()).isEmpty();
    }

    /**
     * A replica frozen between launching a run and its first chunk: the new owner recovers the run
     * (FAILED, "Recovered by …"); when the frozen one wakes, its step finds nothing to do and Spring
     * Batch's final update takes the FAILED status over and drops the recovery's message. The epoch
     * moved, and nothing failed on its own: superseded.
     */
    @Test
    void shouldCallAFailureWithoutACauseOfItsOwnSupersededWhenTheEpochMoved() {
        Outcome outcome = Outcome.classify(execution(BatchStatus.FAILED), TOKEN, OptionalLong.of(5));

        assertThat(outcome.kind()).isEqualTo(Kind.SUPERSEDED);
        assertThat(outcome.exitMessage()).hasValueSatisfying(message -> assertThat(message)
                .startsWith("Superseded: replica 'replica-a' lost job 'orders-sync' at epoch 4 to epoch 5"));
        assertThat(Outcome.classify(execution(BatchStatus.FAILED), TOKEN, OptionalLong.of(4))
                        .kind())
                .as("the epoch is still ours")
                .isEqualTo(Kind.AS_RECORDED);
    }

    @Test
    void shouldNeedTheCurrentEpochOnlyForAnUnknownOrFailedExecution() {
        assertThat(Outcome.needsCurrentEpoch(execution(BatchStatus.UNKNOWN))).isTrue();
        assertThat(Outcome.needsCurrentEpoch(execution(BatchStatus.FAILED))).isTrue();
        assertThat(Outcome.needsCurrentEpoch(execution(BatchStatus.COMPLETED))).isFalse();
    }

    private static JobExecution execution(BatchStatus status) {
        JobExecution execution = new JobExecution(7, new JobInstance(3, "orders-sync"), new JobParameters());
        execution.setStatus(status);
        return execution;
    }
}
