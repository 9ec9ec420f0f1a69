package io.scalepoc.api;

import io.scalepoc.control.ControlService;
import io.scalepoc.control.JobNotFoundException;
import io.scalepoc.control.TriggerParameters;
import io.scalepoc.execution.ExecutionDetail;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.ownership.JobEvents;
import io.scalepoc.support.ReplicaClock;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * The control API's jobs (docs/monitoring.md, "Control API"): each job, its pause, resume, trigger
 * and release, its triggers, executions and events; {@link ClusterController} and {@link
 * AlertsController} answer the rest. Reads are open; every POST needs HTTP Basic
 * credentials ({@link ApiSecurityConfiguration}). Errors are {@code application/problem+json}
 * ({@link ApiProblems}): unknown job 404, a request the job's state does not allow 409, bad input
 * 400, missing or wrong credentials 401.
 */
@RestController
@RequestMapping("/api")
class ControlApiController {

    static final int MAX_REASON_LENGTH = 500;
    static final int MAX_EXECUTIONS = 500;
    static final int MAX_EVENTS = 1000;

    private final ControlService control;
    private final JobViews views;
    private final Clock clock;
    private final ExecutionHistory history;
    private final JobEvents events;
    private final SharedSnapshots<Duration, Overview> overviews;

    ControlApiController(
            ControlService control,
            JobViews views,
            ExecutionHistory history,
            JobEvents events,
            SharedSnapshots<Duration, Overview> overviews,
            @ReplicaClock Clock clock) {
        this.history = history;
        this.events = events;
        this.overviews = overviews;
        this.control = control;
        this.clock = clock;
        this.views = views;
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
        overviews.clear(); // the page that asked shows the change at once
        return job(name);
    }

    @PostMapping("/jobs/{name}/resume")
    JobView resume(@PathVariable String name, Principal principal) {
        control.resume(name, principal.getName());
        overviews.clear(); // the page that asked shows the change at once
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
        overviews.clear();
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
        ApiInput.requireLimit(limit, MAX_EXECUTIONS);
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
        ApiInput.requireLimit(limit, MAX_EVENTS);
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
        overviews.clear(); // the page that asked shows the change at once
        return ResponseEntity.accepted().body(job(name));
    }
}
