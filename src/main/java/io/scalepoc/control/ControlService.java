package io.scalepoc.control;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.execution.ExecutionSummary;
import io.scalepoc.ownership.EpochRecord;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.JobEvents;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pause, resume, trigger and release, as any replica receives them: check the request against the
 * job's state, store it in PostgreSQL, and wake the owner through the {@link ControlChannel}. The
 * owner carries it out on its job's next tick (see {@code TickDecision}): a paused job keeps its
 * owner and lease but does not launch; a trigger runs it once now; a release hands it to a peer.
 */
public class ControlService {

    private static final Logger log = LoggerFactory.getLogger(ControlService.class);

    private final CatalogProperties properties;
    private final JobControlStore store;
    private final ControlChannel channel;
    private final EpochStore epochs;
    private final ExecutionHistory history;
    private final JobEvents events;

    public ControlService(
            CatalogProperties properties,
            JobControlStore store,
            ControlChannel channel,
            EpochStore epochs,
            ExecutionHistory history,
            JobEvents events) {
        this.events = events;
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
     * Asks the job's owner to run it once now, with {@code parameters} (already checked by {@link
     * TriggerParameters}) as extra job parameters of that run.
     *
     * @return the trigger's id, to follow it by ({@link #triggered})
     */
    public long trigger(String jobName, String by, Map<String, Object> parameters) {
        requireEnabled(jobName);
        if (store.get(jobName).paused()) {
            throw new ControlConflictException("Job '" + jobName + "' is paused; resume it first");
        }
        requireOwner(jobName, "triggered");
        if (history.running().stream().anyMatch(execution -> execution.jobName().equals(jobName))) {
            throw new ControlConflictException("Job '" + jobName + "' is running now; trigger it after it ends");
        }
        long id = store.requestTrigger(jobName, by, parameters);
        log.info(
                "Job '{}' triggered by '{}' (trigger {}){}",
                jobName,
                by,
                id,
                parameters.isEmpty() ? "" : " with parameters " + parameters.keySet());
        events.record(
                jobName,
                "TRIGGERED",
                null,
                null,
                "trigger " + id + " by " + by + (parameters.isEmpty() ? "" : " with " + parameters));
        channel.changed(jobName);
        return id;
    }

    /**
     * Where trigger {@code id} of {@code jobName} stands: the run it started (if any) and whether it
     * is still waiting for the owner.
     *
     * @throws JobNotFoundException when the job, or such a trigger of it, is unknown
     */
    public TriggerState triggered(String jobName, long id) {
        requireJob(jobName);
        Optional<ExecutionSummary> run = history.triggered(jobName, id);
        if (run.isPresent()) {
            return new TriggerState(id, jobName, run.get().isRunning() ? "RUNNING" : "ENDED", run);
        }
        OptionalLong last = store.lastTriggerId(jobName);
        if (last.isPresent() && last.getAsLong() == id) {
            return new TriggerState(id, jobName, store.get(jobName).triggerRequested() ? "PENDING" : "STARTING", run);
        }
        throw new JobNotFoundException(jobName, "Job '" + jobName + "' has no trigger " + id + " (or it never ran)");
    }

    /**
     * Trigger {@code id} of {@code job}: PENDING (waiting for the owner's next tick), STARTING
     * (taken, its run not recorded yet), RUNNING or ENDED with its {@code execution}.
     */
    public record TriggerState(long id, String job, String state, Optional<ExecutionSummary> execution) {}

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
