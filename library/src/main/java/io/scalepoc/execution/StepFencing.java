package io.scalepoc.execution;

import io.scalepoc.ownership.EpochFence;
import io.scalepoc.ownership.RunToken;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.ListableStepLocator;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.item.ChunkOrientedStep;
import org.springframework.batch.core.step.tasklet.StoppableTasklet;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.core.step.tasklet.TaskletStep;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Puts the epoch fence into every step of a catalog job, so that no job's author has to call it:
 * the check runs inside each chunk's (or tasklet call's) transaction, before the commit. A stale epoch throws {@link io.scalepoc.ownership.StaleEpochException}, the
 * transaction rolls back, and the execution ends FAILED ("Fenced: …").
 *
 * <ul>
 *   <li>a chunk-oriented step of Spring Batch 6 ({@link ChunkOrientedStep}) gets a listener that
 *       checks just before the chunk's write ({@link ItemWriteListener#beforeWrite}) and, for a
 *       chunk that wrote nothing, after it ({@code afterChunk(Chunk)}), both inside the chunk
 *       transaction;
 *   <li>a {@link TaskletStep} (a tasklet, or a chunk step of the older builder, whose tasklet
 *       processes one chunk per call) gets its tasklet wrapped: the check follows each call, inside
 *       the transaction the step opens around it. The wrapper stays stoppable when the tasklet is.
 * </ul>
 *
 * <p>The check holds a share lock on the job's epoch row until the commit, so a takeover (which
 * advances the epoch) and a chunk's commit are serialised. That works when the step's transaction
 * manager is the one of scale-poc's PostgreSQL data source (Spring Boot's default); a step whose
 * transactions run elsewhere is still checked before each commit, without that serialisation (see
 * docs/etl.md). Steps of other kinds (partitioned, a nested flow or job) are reported by {@link
 * #apply}, so start-up can say which parts of which job run unfenced.
 */
final class StepFencing {

    private StepFencing() {}

    /**
     * Fences every step of {@code job}; idempotent.
     *
     * @return the steps it could not fence, as {@code "step (kind)"}; the job itself when it does not
     *     list its steps
     */
    static List<String> apply(Job job, EpochFence fence) {
        List<String> unfenced = new ArrayList<>();
        if (!(job instanceof ListableStepLocator steps)) {
            unfenced.add("all steps (" + job.getClass().getSimpleName() + " does not list its steps)");
            return unfenced;
        }
        for (String name : steps.getStepNames()) {
            Step step = steps.getStep(name);
            if (!fence(step, fence)) {
                unfenced.add(name + " (" + step.getClass().getSimpleName() + ")");
            }
        }
        return unfenced;
    }

    private static boolean fence(Step step, EpochFence fence) {
        if (step instanceof ChunkOrientedStep<?, ?> chunkStep) {
            register(chunkStep, fence);
            return true;
        }
        if (step instanceof TaskletStep taskletStep) {
            Tasklet tasklet = taskletStep.getTasklet();
            if (!(tasklet instanceof FencedTasklet)) {
                taskletStep.setTasklet(new FencedTasklet(tasklet, fence));
            }
            return true;
        }
        return false;
    }

    private static <I, O> void register(ChunkOrientedStep<I, O> step, EpochFence fence) {
        // Each catalog job is fenced once (JobCatalog is a singleton), so no duplicate listener.
        FenceChunk<I, O> listener = new FenceChunk<>(fence);
        step.registerItemWriteListener(listener);
        step.registerChunkListener(listener);
    }

    /**
     * Checks just before a chunk's write (so the share lock is held only while it writes and
     * commits, not while it reads and processes), and again after the chunk for a chunk that wrote
     * nothing; both inside the chunk transaction, at most one query per transaction.
     */
    private record FenceChunk<I, O>(EpochFence fence) implements ChunkListener<I, O>, ItemWriteListener<O> {

        @Override
        public void beforeWrite(Chunk<? extends O> items) {
            checkOncePerTransaction(fence, RunToken.current());
        }

        @Override
        public void afterChunk(Chunk<O> chunk) {
            checkOncePerTransaction(fence, RunToken.current());
        }
    }

    /**
     * The fence's check, skipped when the current transaction already passed it for the same token:
     * the share lock it took is held until that transaction ends, so a second query would prove
     * nothing new. Outside a synchronised transaction it always checks.
     */
    static void checkOncePerTransaction(EpochFence fence, RunToken token) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            fence.check(token);
            return;
        }
        if (token.equals(TransactionSynchronizationManager.getResource(CHECKED))) {
            return;
        }
        fence.check(token);
        TransactionSynchronizationManager.bindResource(CHECKED, token);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(CHECKED);
            }
        });
    }

    /** Transaction resource key: the token whose epoch this transaction has checked (and locked). */
    private static final Object CHECKED = new Object() {
        @Override
        public String toString() {
            return "scale-poc epoch fence";
        }
    };

    /** A tasklet checked after each call, inside the call's transaction. */
    static final class FencedTasklet implements StoppableTasklet {

        private final Tasklet delegate;
        private final EpochFence fence;

        FencedTasklet(Tasklet delegate, EpochFence fence) {
            this.delegate = delegate;
            this.fence = fence;
        }

        @Override
        public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
            RepeatStatus status = delegate.execute(contribution, chunkContext);
            StepExecution step = chunkContext.getStepContext().getStepExecution();
            checkOncePerTransaction(fence, RunToken.required(step));
            return status;
        }

        @Override
        public void stop() {
            if (delegate instanceof StoppableTasklet stoppable) {
                stoppable.stop();
            }
        }

        @Override
        public void stop(StepExecution stepExecution) {
            if (delegate instanceof StoppableTasklet stoppable) {
                stoppable.stop(stepExecution);
            }
        }

        Tasklet delegate() {
            return delegate;
        }
    }
}
