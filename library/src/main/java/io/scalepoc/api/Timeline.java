package io.scalepoc.api;

import io.scalepoc.execution.RunGroup;
import io.scalepoc.ownership.JobEvents.Event;
import io.scalepoc.ownership.JobEvents.JobEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The run timeline of {@code GET /api/overview}: from {@code from} to {@code to} (PostgreSQL's
 * clock), one lane per job with its runs as bars ({@link RunGroup}s, at most one per outcome, owner,
 * epoch and {@code resolution}-wide slot) and its events as markers, and one lane per replica with
 * the tokens its jobs took over time (rebuilt from the acquisitions, releases and losses).
 */
public record Timeline(Instant from, Instant to, Duration resolution, List<Lane> lanes, List<ReplicaLane> replicas) {

    /** A job's runs and events; {@code tableSync} jobs' bars carry rows written and lag for sparklines. */
    public record Lane(String job, boolean tableSync, List<Bar> runs, List<Event> markers) {}

    /** Runs drawn as one bar (see {@link RunGroup}); {@code end} null while running. */
    public record Bar(
            String outcome,
            String owner,
            Long epoch,
            Long triggerId,
            int runs,
            long firstExecution,
            long lastExecution,
            Instant start,
            Instant end,
            long rowsWritten,
            Duration lag) {

        static Bar of(RunGroup group) {
            return new Bar(
                    group.outcome(),
                    group.owner(),
                    group.epoch(),
                    group.triggerId(),
                    group.runs(),
                    group.firstExecutionId(),
                    group.lastExecutionId(),
                    group.start(),
                    group.end(),
                    group.rowsWritten(),
                    group.lag());
        }
    }

    /**
     * A replica's tokens in use over time: {@code used} is a step function, each step holding until
     * the next; {@code tokens} is its capacity when it is a live member now (null otherwise).
     */
    public record ReplicaLane(String instanceId, Integer tokens, boolean live, List<Step> used) {}

    public record Step(Instant at, int used) {}

    /**
     * @param jobs the lanes to draw, in order
     * @param weights tokens each job takes (jobs absent take none)
     * @param ownersAtFrom who owned each job at {@code from}
     * @param events every job's events in the window, oldest first
     * @param liveTokens the live members and their tokens
     */
    static Timeline of(
            Instant from,
            Instant to,
            Duration resolution,
            List<String> jobs,
            Map<String, Integer> weights,
            List<RunGroup> groups,
            List<JobEvent> events,
            Map<String, String> ownersAtFrom,
            Map<String, Integer> liveTokens) {
        Map<String, List<Bar>> bars = new HashMap<>();
        Map<String, Boolean> tableSync = new HashMap<>();
        for (RunGroup group : groups) {
            bars.computeIfAbsent(group.jobName(), job -> new ArrayList<>()).add(Bar.of(group));
            tableSync.merge(group.jobName(), group.tableSync(), Boolean::logicalOr);
        }
        Map<String, List<Event>> markers = new HashMap<>();
        for (JobEvent event : events) {
            markers.computeIfAbsent(event.job(), job -> new ArrayList<>()).add(event.event());
        }
        List<Lane> lanes = jobs.stream()
                .map(job -> new Lane(
                        job,
                        tableSync.getOrDefault(job, false),
                        bars.getOrDefault(job, List.of()),
                        markers.getOrDefault(job, List.of())))
                .toList();
        return new Timeline(from, to, resolution, lanes, replicaLanes(from, weights, events, ownersAtFrom, liveTokens));
    }

    /**
     * Replays ownership from {@code ownersAtFrom} through the window's ACQUIRED, RELEASED and LOST
     * events: a replica's used tokens change when it gains or loses a job. Live members come first
     * (in their order), then replicas seen in the window only.
     */
    static List<ReplicaLane> replicaLanes(
            Instant from,
            Map<String, Integer> weights,
            List<JobEvent> events,
            Map<String, String> ownersAtFrom,
            Map<String, Integer> liveTokens) {
        Map<String, String> owners = new HashMap<>(ownersAtFrom);
        Map<String, Integer> used = new TreeMap<>();
        liveTokens.keySet().forEach(replica -> used.put(replica, 0));
        owners.forEach((job, replica) -> used.merge(replica, weight(weights, job), Integer::sum));
        Map<String, List<Step>> steps = new TreeMap<>();
        used.forEach((replica, tokens) -> steps.put(replica, new ArrayList<>(List.of(new Step(from, tokens)))));
        for (JobEvent jobEvent : events) {
            Event event = jobEvent.event();
            String job = jobEvent.job();
            String replica = event.replica();
            if (replica == null) {
                continue;
            }
            String before = owners.get(job);
            String after;
            switch (event.type()) {
                case "ACQUIRED" -> after = replica;
                case "RELEASED", "LOST" -> after = replica.equals(before) ? null : before;
                default -> after = before;
            }
            if (Objects.equals(before, after)) {
                continue;
            }
            int weight = weight(weights, job);
            if (after == null) {
                owners.remove(job);
            } else {
                owners.put(job, after);
                step(steps, used, from, after, event.at(), weight);
            }
            if (before != null) {
                step(steps, used, from, before, event.at(), -weight);
            }
        }
        Map<String, ReplicaLane> lanes = new LinkedHashMap<>();
        liveTokens.forEach((replica, tokens) ->
                lanes.put(replica, new ReplicaLane(replica, tokens, true, steps.getOrDefault(replica, List.of()))));
        steps.forEach((replica, replicaSteps) -> {
            boolean everUsed = replicaSteps.stream().anyMatch(step -> step.used() > 0);
            if (!lanes.containsKey(replica) && everUsed) {
                lanes.put(replica, new ReplicaLane(replica, null, false, replicaSteps));
            }
        });
        return List.copyOf(lanes.values());
    }

    private static void step(
            Map<String, List<Step>> steps,
            Map<String, Integer> used,
            Instant from,
            String replica,
            Instant at,
            int delta) {
        if (delta == 0) {
            return; // a job that takes no token (a monitor, say) moved: nobody's tokens changed
        }
        int tokens = used.merge(replica, delta, Integer::sum);
        List<Step> replicaSteps = steps.computeIfAbsent(replica, r -> new ArrayList<>(List.of(new Step(from, 0))));
        Step last = replicaSteps.get(replicaSteps.size() - 1);
        if (last.at().equals(at)) {
            replicaSteps.set(replicaSteps.size() - 1, new Step(at, tokens));
        } else {
            replicaSteps.add(new Step(at, tokens));
        }
    }

    private static int weight(Map<String, Integer> weights, String job) {
        return weights.getOrDefault(job, 0);
    }
}
