package io.scalepoc.control;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.ownership.EpochRecord;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.JobEvents;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pause, resume, trigger and release, as any replica receives them: check the request against the
 * job's state, store it in PostgreSQL, and wake the owner through the {@link ControlChannel}. The
 * owner carries it out on its job's next tick (see {@code TickDecision}): a paused job keeps its
 * owner and lease but does not launch; a trigger is queued ({@link TriggerQueue}) and its owner runs
 * it once, in turn; a release hands it to a peer.
 */
public class ControlService {

    private static final Logger log = LoggerFactory.getLogger(ControlService.class);

    private final CatalogProperties properties;
    private final JobControlStore store;
    private final ControlChannel channel;
    private final EpochStore epochs;
    private final ExecutionHistory history;
    private final JobEvents events;
    private final TriggerQueue triggers;
    private final int maxPendingTriggers;

    public ControlService(
            CatalogProperties properties,
            JobControlStore store,
            TriggerQueue triggers,
            int maxPendingTriggers,
            ControlChannel channel,
            EpochStore epochs,
            ExecutionHistory history,
            JobEvents events) {
        this.events = events;
        this.triggers = triggers;
        this.maxPendingTriggers = maxPendingTriggers;
        this.properties = properties;
        this.store = store;
        this.channel = channel;
        this.epochs = epochs;
        this.history = history;
    }

    /** @throws JobNotFoundException unless {@code jobName} is a catalog job or a monitor */
    public void requireJob(String jobName) {
        if (!properties.jobs().containsKey(jobName) && !properties.isMonitor(jobName)) {
            throw new JobNotFoundException(jobName);
        }
    }

    public void pause(String jobName, String by, String reason) {
        requireJob(jobName);
        if (!store.pause(jobName, by, reason)) {
            throw new ControlConflictException("Job '" + jobName + "' is already paused");
        }
        log.info("Job '{}' paused by '{}'{}", jobName, by, reason == null ? "" : ": " + reason);
        events.record(jobName, "PAUSED", null, null, "by " + by + (reason == null ? "" : ": " + reason));
        channel.changed(jobName);
    }

    public void resume(String jobName, String by) {
        requireJob(jobName);
        if (!store.resume(jobName, by)) {
            throw new ControlConflictException("Job '" + jobName + "' is not paused");
        }
        log.info("Job '{}' resumed by '{}'", jobName, by);
        events.record(jobName, "RESUMED", null, null, "by " + by);
        channel.changed(jobName);
    }

    /**
     * Queues a run of the job now, with {@code parameters} (already checked by {@link
     * TriggerParameters}) as extra job parameters of that run; its owner runs the queued triggers one
     * at a time, oldest first, between its scheduled runs. Only the parameters' names are logged and
     * recorded: their values may be secrets.
     *
     * @return the trigger's id, to follow it by ({@link #triggered})
     * @throws TriggerQueueFullException when {@code scalepoc.control.max-pending-triggers} triggers of
     *     the job already wait
     */
    public long trigger(String jobName, String by, Map<String, Object> parameters) {
        requireEnabled(jobName);
        if (store.get(jobName).paused()) {
            throw new ControlConflictException("Job '" + jobName + "' is paused; resume it first");
        }
        requireOwner(jobName, "triggered");
        long id = triggers.enqueue(jobName, by, parameters, maxPendingTriggers)
                .orElseThrow(() -> new TriggerQueueFullException(
                        "Job '" + jobName + "' already has " + maxPendingTriggers
                                + " triggers waiting (scalepoc.control.max-pending-triggers); try again after its"
                                + " owner has run some of them",
                        retryAfter(jobName)));
        String names = parameters.isEmpty() ? "" : " with parameters " + parameters.keySet();
        log.info("Job '{}' triggered by '{}' (trigger {}){}", jobName, by, id, names);
        events.record(jobName, "TRIGGERED", null, null, "trigger " + id + " by " + by + names);
        channel.changed(jobName);
        return id;
    }

    /** About how long one run of the job takes: its latest run's duration, 1 s to 5 min (10 s if unknown). */
    private Duration retryAfter(String jobName) {
        Duration duration = history.recent(jobName, 1).stream()
                .filter(execution -> execution.end() != null)
                .map(execution -> execution.duration(execution.end()))
                .findFirst()
                .orElse(Duration.ofSeconds(10));
        return duration.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1)
                : duration.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : duration;
    }

    /**
     * Where trigger {@code id} of {@code jobName} stands, and the latest execution that carries it.
     *
     * @throws JobNotFoundException when the job, or such a trigger of it, is unknown
     */
    public TriggerState triggered(String jobName, long id) {
        requireJob(jobName);
        TriggerRecord trigger = triggers.find(jobName, id)
                .orElseThrow(() -> new JobNotFoundException(jobName, "Job '" + jobName + "' has no trigger " + id));
        Optional<ExecutionSummary> run = trigger.isPending() ? Optional.empty() : history.triggered(jobName, id);
        String state;
        if (trigger.isEnded() || trigger.isPending()) {
            state = trigger.state();
        } else {
            state = run.map(execution -> execution.isRunning() ? "RUNNING" : "ENDED")
                    .orElse("STARTING");
        }
        String outcome = trigger.isEnded()
                ? trigger.outcome()
                : "ENDED".equals(state) ? run.get().status() : null;
        return new TriggerState(
                id, jobName, state, outcome, trigger.reason(), trigger.requestedBy(), trigger.parameters(), run);
    }

    /**
     * Trigger {@code id} of {@code job}: PENDING (waiting for the owner), STARTING (taken, its run not
     * recorded yet), RUNNING or ENDED, with its {@code outcome} once ended ({@code COMPLETED}, {@code
     * FAILED}, …), the {@code reason} of a failure, who asked with which {@code parameters} and its
     * latest {@code execution}.
     */
    public record TriggerState(
            long id,
            String job,
            String state,
            String outcome,
            String reason,
            String requestedBy,
            Map<String, Object> parameters,
            Optional<ExecutionSummary> execution) {}

    public void release(String jobName, String by) {
        requireEnabled(jobName);
        requireOwner(jobName, "released");
        store.requestRelease(jobName, by);
        log.info("Release of job '{}' requested by '{}'", jobName, by);
        events.record(jobName, "RELEASE_REQUESTED", null, null, "by " + by);
        channel.changed(jobName);
    }

    private void requireEnabled(String jobName) {
        requireJob(jobName);
        if (!properties.enabled().containsKey(jobName)) {
            throw new ControlConflictException("Job '" + jobName + "' is disabled (scalepoc.jobs." + jobName
                    + ".enabled=false): no replica runs it");
        }
    }

    private void requireOwner(String jobName, String what) {
        EpochRecord record = epochs.records().get(jobName);
        if (record == null || record.isReleased()) {
            throw new ControlConflictException("Job '" + jobName + "' has no owner right now, so it cannot be " + what
                    + "; a replica with free" + " tokens will adopt it");
        }
    }
}
