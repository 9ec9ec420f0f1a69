package io.scalepoc.api;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.control.ControlService;
import io.scalepoc.control.JobNotFoundException;
import io.scalepoc.control.TriggerParameters;
import io.scalepoc.execution.ExecutionDetail;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.monitoring.Alerts;
import io.scalepoc.monitoring.SafetyGauges;
import io.scalepoc.ownership.ClusterView;
import io.scalepoc.ownership.JobEvents;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The control API (docs/monitoring.md, "Control API"). Reads are open; every POST needs HTTP Basic
 * credentials ({@link ApiSecurityConfiguration}). Errors are {@code application/problem+json}
 * ({@link ApiProblems}): unknown job 404, a request the job's state does not allow 409, bad input
 * 400, missing or wrong credentials 401.
 */
@RestController
@RequestMapping("/api")
class ControlApiController {

    static final int MAX_REASON_LENGTH = 500;
    static final int MAX_ALERTS = 1000;
    static final int MAX_EXECUTIONS = 500;
    static final int MAX_EVENTS = 1000;
    static final Duration MIN_TIMELINE_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_TIMELINE_WINDOW = Duration.ofHours(24);
    /** The timeline draws runs that start within window / TIMELINE_SLOTS of each other as one bar. */
    static final int TIMELINE_SLOTS = 720;
    /** The most events the timeline marks (the newest). */
    static final int MAX_TIMELINE_EVENTS = 5000;
    /** /api/cluster answers from a snapshot at most this old (one Scan and probes per period, whatever the load). */
    static final Duration CLUSTER_VIEW_MAX_AGE = Duration.ofSeconds(2);

    private final ControlService control;
    private final JobViews views;
    private final Alerts alerts;
    private final ClusterView cluster;
    private final CatalogProperties properties;
    private final Clock clock;
    private final ExecutionHistory history;
    private final JobEvents events;
    private final SafetyGauges safety;

    ControlApiController(
            ControlService control,
            JobViews views,
            Alerts alerts,
            ClusterView cluster,
            CatalogProperties properties,
            ExecutionHistory history,
            JobEvents events,
            SafetyGauges safety,
            Clock clock) {
        this.safety = safety;
        this.history = history;
        this.events = events;
        this.control = control;
        this.clock = clock;
        this.views = views;
        this.alerts = alerts;
        this.cluster = cluster;
        this.properties = properties;
    }

    /** Optional body of a pause request. */
    record PauseRequest(String reason) {}

    @GetMapping("/jobs")
    List<JobView> jobs() {
        return views.all();
    }

    @GetMapping("/jobs/{name}")
    JobView job(@PathVariable String name) {
        control.requireJob(name);
        return views.all().stream()
                .filter(job -> job.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new JobNotFoundException(name));
    }

    @PostMapping("/jobs/{name}/pause")
    JobView pause(@PathVariable String name, @RequestBody(required = false) PauseRequest request, Principal principal) {
        String reason = request == null ? null : request.reason();
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "reason must be at most " + MAX_REASON_LENGTH + " characters");
        }
        control.pause(name, principal.getName(), reason);
        return job(name);
    }

    @PostMapping("/jobs/{name}/resume")
    JobView resume(@PathVariable String name, Principal principal) {
        control.resume(name, principal.getName());
        return job(name);
    }

    /**
     * Queues a run of the job on its owner, which runs queued triggers one at a time, oldest first;
     * the optional body is a JSON object of job parameters for that run. 202 with the job, and {@code
     * Location} to follow the trigger by; 429 with {@code Retry-After} when the job's queue is full.
     */
    @PostMapping("/jobs/{name}/trigger")
    @ApiResponse(
            responseCode = "202",
            description = "The trigger is queued; the owner runs it in turn; the job as it stands",
            headers = {
                @Header(name = "Location", description = "/api/jobs/{name}/triggers/{id}: where to follow the run"),
                @Header(name = "X-Trigger-Id", description = "the trigger's id")
            })
    ResponseEntity<JobView> trigger(
            @PathVariable String name,
            @RequestBody(required = false) Map<String, Object> parameters,
            Principal principal) {
        long id = control.trigger(name, principal.getName(), TriggerParameters.of(parameters));
        return ResponseEntity.accepted()
                .location(URI.create("/api/jobs/" + name + "/triggers/" + id))
                .header("X-Trigger-Id", Long.toString(id))
                .body(job(name));
    }

    /**
     * The job's executions, newest first, a page at a time: {@code limit} (1–500) of them with an id
     * below {@code before}; {@code next} links the following page.
     */
    @GetMapping("/jobs/{name}/executions")
    ExecutionView.Page executions(
            @PathVariable String name,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) Long before) {
        control.requireJob(name);
        requireLimit(limit, MAX_EXECUTIONS);
        List<ExecutionDetail> page =
                history.history(name, before == null ? OptionalLong.empty() : OptionalLong.of(before), limit + 1);
        Instant now = clock.instant();
        List<ExecutionView> executions = page.stream()
                .limit(limit)
                .map(execution -> ExecutionView.of(execution, now))
                .toList();
        String next = page.size() > limit
                ? "/api/jobs/" + name + "/executions?limit=" + limit + "&before="
                        + executions.get(executions.size() - 1).id()
                : null;
        return new ExecutionView.Page(executions, next);
    }

    /**
     * The job's story, oldest first: its last {@code limit} (1–1000) events — acquired, released (and
     * why), lost, lease in danger, fenced, superseded, recovered and failed runs, pauses, resumes,
     * triggers, release requests, alerts opened and resolved.
     */
    @GetMapping("/jobs/{name}/events")
    List<JobEvents.Event> events(@PathVariable String name, @RequestParam(defaultValue = "200") int limit) {
        control.requireJob(name);
        requireLimit(limit, MAX_EVENTS);
        return events.story(name, limit);
    }

    /**
     * Where a trigger stands: PENDING, STARTING, RUNNING or ENDED (with its outcome, and the reason
     * of a failure), with the latest execution that carries it.
     */
    @GetMapping("/jobs/{name}/triggers/{id}")
    TriggerView trigger(@PathVariable String name, @PathVariable long id, Authentication caller) {
        ControlService.TriggerState state = control.triggered(name, id);
        boolean operator = caller != null
                && caller.getAuthorities().stream()
                        .anyMatch(
                                authority -> authority.getAuthority().equals("ROLE_" + ApiSecurityConfiguration.ROLE));
        return new TriggerView(
                state.id(),
                state.job(),
                state.state(),
                state.outcome(),
                state.reason(),
                operator ? state.requestedBy() : null,
                operator ? state.parameters() : null,
                state.execution()
                        .map(execution -> JobView.LastExecution.of(execution, clock.instant()))
                        .orElse(null));
    }

    /** A page size between 1 and {@code max}, or 400. */
    private static void requireLimit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "limit must be between 1 and " + max + ", but is " + limit);
        }
    }

    /**
     * A trigger and the run it started ({@code execution} null until there is one; {@code outcome}
     * null until it ended); who asked and the job parameters only to the operator (values may be
     * secrets), null otherwise.
     */
    record TriggerView(
            long id,
            String job,
            String state,
            String outcome,
            String reason,
            String requestedBy,
            Map<String, Object> parameters,
            JobView.LastExecution execution) {}

    @PostMapping("/jobs/{name}/release")
    @ApiResponse(responseCode = "202", description = "The owner gives the job up between runs; the job as it stands")
    ResponseEntity<JobView> release(@PathVariable String name, Principal principal) {
        control.release(name, principal.getName());
        return ResponseEntity.accepted().body(job(name));
    }

    @GetMapping("/alerts")
    List<AlertView> alerts(
            @RequestParam(defaultValue = "open") String state, @RequestParam(defaultValue = "100") int limit) {
        requireLimit(limit, MAX_ALERTS);
        return switch (state) {
            case "open" -> alerts.open().stream()
                    .limit(limit)
                    .map(AlertView::of)
                    .toList();
            case "resolved" -> alerts.resolved(limit).stream()
                    .map(AlertView::of)
                    .toList();
            default -> throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "state must be 'open' or 'resolved', but is '" + state + "'");
        };
    }

    @GetMapping("/cluster")
    ClusterResponse cluster() {
        return ClusterResponse.of(cluster.recentSnapshot(CLUSTER_VIEW_MAX_AGE), weights());
    }

    /**
     * Everything the status page shows, in one answer: the cluster, every job, the open alerts and
     * the run timeline of the last {@code window} (ISO-8601, PT1M to PT24H; PT15M, PT1H and PT6H on
     * the page).
     */
    @GetMapping("/overview")
    Overview overview(@RequestParam(defaultValue = "PT1H") String window) {
        Duration span = timelineWindow(window);
        Map<String, Integer> weights = weights();
        ClusterResponse members = ClusterResponse.of(cluster.recentSnapshot(CLUSTER_VIEW_MAX_AGE), weights);
        List<JobView> jobs = views.all();
        List<AlertView> open = alerts.open().stream().map(AlertView::of).toList();
        Instant now = clock.instant();
        Instant from = now.minus(span);
        Duration resolution = span.dividedBy(TIMELINE_SLOTS);
        Map<String, Integer> liveTokens = new LinkedHashMap<>();
        members.members().forEach(member -> liveTokens.put(member.instanceId(), member.tokens()));
        List<String> names = jobs.stream().map(JobView::name).toList();
        Timeline timeline = Timeline.of(
                from,
                now,
                resolution,
                names,
                weights,
                history.runsSince(from, resolution),
                events.since(from, MAX_TIMELINE_EVENTS),
                events.ownersAt(from, names),
                liveTokens);
        return new Overview(now, members, jobs, open, timeline, safety.summary());
    }

    private static Duration timelineWindow(String window) {
        Duration span;
        try {
            span = Duration.parse(window);
        } catch (RuntimeException e) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "window must be an ISO-8601 duration such as PT1H, but is '" + window + "'");
        }
        if (span.compareTo(MIN_TIMELINE_WINDOW) < 0 || span.compareTo(MAX_TIMELINE_WINDOW) > 0) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST,
                    "window must be between " + MIN_TIMELINE_WINDOW + " and " + MAX_TIMELINE_WINDOW + ", but is "
                            + window);
        }
        return span;
    }

    /** Tokens each enabled job (monitors included) takes. */
    private Map<String, Integer> weights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        properties.enabled().forEach((job, props) -> weights.put(job, props.weight()));
        return weights;
    }
}
