package io.scalepoc.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.api.Timeline.ReplicaLane;
import io.scalepoc.api.Timeline.Step;
import io.scalepoc.execution.RunGroup;
import io.scalepoc.ownership.JobEvents.Event;
import io.scalepoc.ownership.JobEvents.JobEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timeline's lanes, and the replicas' tokens replayed from acquisitions, releases and losses. */
class TimelineTest {

    private static final Instant FROM = Instant.parse("2026-12-03T10:00:00Z");
    private static final Map<String, Integer> WEIGHTS = Map.of("a", 1, "b", 2, "c", 1);

    @Test
    void replaysOwnershipIntoTokensUsedPerReplica() {
        List<JobEvent> events = List.of(
                event("b", 10, "ACQUIRED", "r2"), // b moves from r1 to r2 without a release (r1 crashed)
                event("a", 20, "RELEASED", "r1"),
                event("a", 21, "ACQUIRED", "r3"),
                event("c", 30, "LOST", "r1"), // r1 never owned c: nothing changes
                event("free", 35, "ACQUIRED", "r2"), // takes no token: no step
                event("a", 40, "PAUSED", "r3"),
                event("a", 50, "RELEASED", "r2")); // not a's owner: nothing changes

        List<ReplicaLane> lanes =
                Timeline.replicaLanes(FROM, WEIGHTS, events, Map.of("a", "r1", "b", "r1"), live("r2", 4, "r3", 2));

        assertThat(lanes).extracting(ReplicaLane::instanceId).containsExactly("r2", "r3", "r1");
        assertThat(lanes.get(0).used()).containsExactly(step(0, 0), step(10, 2));
        assertThat(lanes.get(0).tokens()).isEqualTo(4);
        assertThat(lanes.get(1).used()).containsExactly(step(0, 0), step(21, 1));
        ReplicaLane gone = lanes.get(2);
        assertThat(gone.live()).isFalse();
        assertThat(gone.tokens()).isNull();
        assertThat(gone.used()).containsExactly(step(0, 3), step(10, 1), step(20, 0));
    }

    @Test
    void leavesOutReplicasThatNeverHeldATokenAndAreGone() {
        List<ReplicaLane> lanes = Timeline.replicaLanes(
                FROM, WEIGHTS, List.of(event("a", 5, "RELEASED", "old")), Map.of(), live("r1", 1));

        assertThat(lanes).extracting(ReplicaLane::instanceId).containsExactly("r1");
        assertThat(lanes.get(0).used()).containsExactly(step(0, 0));
    }

    @Test
    void putsEveryJobInItsLaneInCatalogOrderEvenWithoutRuns() {
        RunGroup run = new RunGroup(
                "b", "FAILED", "r1", 3L, null, 1, 7, 7, FROM.plusSeconds(1), FROM.plusSeconds(2), 0, null, true);
        Timeline timeline = Timeline.of(
                FROM,
                FROM.plusSeconds(60),
                Duration.ofSeconds(1),
                List.of("c", "b", "a"),
                WEIGHTS,
                List.of(run),
                List.of(event("a", 3, "TRIGGERED", null)),
                Map.of(),
                live());

        assertThat(timeline.lanes()).extracting(Timeline.Lane::job).containsExactly("c", "b", "a");
        assertThat(timeline.lanes().get(1).runs()).singleElement().satisfies(bar -> assertThat(bar.outcome())
                .isEqualTo("FAILED"));
        assertThat(timeline.lanes().get(1).tableSync()).isTrue();
        assertThat(timeline.lanes().get(2).markers()).extracting(Event::type).containsExactly("TRIGGERED");
        assertThat(timeline.lanes().get(0).runs()).isEmpty();
    }

    private static JobEvent event(String job, int second, String type, String replica) {
        return new JobEvent(job, new Event(FROM.plusSeconds(second), type, replica, null, null));
    }

    private static Step step(int second, int used) {
        return new Step(FROM.plusSeconds(second), used);
    }

    private static Map<String, Integer> live(Object... idsAndTokens) {
        Map<String, Integer> live = new LinkedHashMap<>();
        for (int i = 0; i < idsAndTokens.length; i += 2) {
            live.put((String) idsAndTokens[i], (Integer) idsAndTokens[i + 1]);
        }
        return live;
    }
}
