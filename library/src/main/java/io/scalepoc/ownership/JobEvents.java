package io.scalepoc.ownership;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A job's story: what happened to it and why — acquisitions, releases and their reasons, leases lost
 * or in danger, the control API's requests, fenced, superseded and recovered executions, failed runs,
 * alerts — from the audit tables, on PostgreSQL's clock. Recording is best-effort: it never fails the
 * caller.
 */
public interface JobEvents {

    /** Records one event of {@code job}; never throws. */
    void record(String job, String type, String replica, Long epoch, String detail);

    /** The job's last {@code limit} events, oldest first. */
    List<Event> story(String job, int limit);

    /** Every job's last {@code limit} events at or after {@code from}, oldest first. */
    List<JobEvent> since(Instant from, int limit);

    /** The replica that owned each of {@code jobs} at {@code at} (jobs nobody owned then are absent). */
    Map<String, String> ownersAt(Instant at, Collection<String> jobs);

    /** An event of the job {@code job}. */
    record JobEvent(String job, Event event) {}

    /** One event; {@code replica}, {@code epoch} and {@code detail} as far as they apply. */
    record Event(Instant at, String type, String replica, Long epoch, String detail) {}

    /** Records nothing, tells nothing (a replica without the audit tables, tests). */
    JobEvents NONE = new JobEvents() {
        @Override
        public void record(String job, String type, String replica, Long epoch, String detail) {}

        @Override
        public List<Event> story(String job, int limit) {
            return List.of();
        }

        @Override
        public List<JobEvent> since(Instant from, int limit) {
            return List.of();
        }

        @Override
        public Map<String, String> ownersAt(Instant at, Collection<String> jobs) {
            return Map.of();
        }
    };
}
