package io.scalepoc.api;

import io.scalepoc.config.CatalogProperties;
import io.scalepoc.execution.ExecutionHistory;
import io.scalepoc.monitoring.Alerts;
import io.scalepoc.monitoring.SafetyGauges;
import io.scalepoc.ownership.ClusterView;
import io.scalepoc.ownership.JobEvents;
import io.scalepoc.support.ReplicaClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The cluster as a whole: {@code GET /api/cluster} (members, capacity, demand) and {@code GET
 * /api/overview} (everything the status page shows, with the run timeline).
 */
@RestController
@RequestMapping("/api")
class ClusterController {

    static final Duration MIN_TIMELINE_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_TIMELINE_WINDOW = Duration.ofHours(24);
    /** The timeline draws runs that start within window / TIMELINE_SLOTS of each other as one bar. */
    static final int TIMELINE_SLOTS = 720;
    /** The most events the timeline marks (the newest). */
    static final int MAX_TIMELINE_EVENTS = 5000;
    /** /api/cluster answers from a snapshot at most this old (one Scan and probes per period, whatever the load). */
    static final Duration CLUSTER_VIEW_MAX_AGE = Duration.ofSeconds(2);
    /** How long every caller of one window shares an overview. */
    static final Duration OVERVIEW_MAX_AGE = Duration.ofSeconds(1);

    private final JobViews views;
    private final Alerts alerts;
    private final ClusterView cluster;
    private final CatalogProperties properties;
    private final ExecutionHistory history;
    private final JobEvents events;
    private final SafetyGauges safety;
    private final Clock clock;
    private final SharedSnapshots<Duration, Overview> snapshots;

    ClusterController(
            JobViews views,
            Alerts alerts,
            ClusterView cluster,
            CatalogProperties properties,
            ExecutionHistory history,
            JobEvents events,
            SafetyGauges safety,
            SharedSnapshots<Duration, Overview> snapshots,
            @ReplicaClock Clock clock) {
        this.snapshots = snapshots;
        this.views = views;
        this.alerts = alerts;
        this.cluster = cluster;
        this.properties = properties;
        this.history = history;
        this.events = events;
        this.safety = safety;
        this.clock = clock;
    }

    @GetMapping("/cluster")
    ClusterResponse cluster() {
        return ClusterResponse.of(cluster.recentSnapshot(CLUSTER_VIEW_MAX_AGE), weights());
    }

    /**
     * Everything the status page shows, in one answer: the cluster, every job, the open alerts and
     * the run timeline of the last {@code window} (ISO-8601, PT1M to PT24H; PT15M, PT1H and PT6H on
     * the page). Every caller of a window shares one answer for a second ({@link SharedSnapshots}), so
     * many open status pages cost the database what one does.
     */
    @GetMapping("/overview")
    Overview overview(@RequestParam(defaultValue = "PT1H") String window) {
        Duration span = timelineWindow(window);
        return snapshots.get(span, () -> overviewOf(span));
    }

    private Overview overviewOf(Duration span) {
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
