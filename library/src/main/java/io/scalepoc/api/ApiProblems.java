package io.scalepoc.api;

import io.scalepoc.control.ControlConflictException;
import io.scalepoc.control.InvalidTriggerException;
import io.scalepoc.control.JobNotFoundException;
import io.scalepoc.control.TriggerQueueFullException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the web layer as {@code application/problem+json}: Spring MVC's own (malformed
 * JSON and type mismatches are 400, unknown paths 404, wrong methods 405) through {@link
 * ResponseEntityExceptionHandler}, and the control API's: unknown job 404, conflicting state 409,
 * a full trigger queue 429 with {@code Retry-After}.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler(JobNotFoundException.class)
    ProblemDetail notFound(JobNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown job", e.getMessage());
    }

    @ExceptionHandler(ControlConflictException.class)
    ProblemDetail conflict(ControlConflictException e) {
        return problem(HttpStatus.CONFLICT, "Not possible in the job's current state", e.getMessage());
    }

    @ExceptionHandler(TriggerQueueFullException.class)
    ResponseEntity<ProblemDetail> queueFull(TriggerQueueFullException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many triggers waiting", e.getMessage()));
    }

    @ExceptionHandler(InvalidTriggerException.class)
    ProblemDetail invalidTrigger(InvalidTriggerException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid job parameters", e.getMessage());
        problem.setProperty("problems", e.problems());
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
