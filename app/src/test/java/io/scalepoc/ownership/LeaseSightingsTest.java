package io.scalepoc.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.ownership.LeaseSightings.State;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Idleness judged from scans alone, on a stepped monotonic clock. */
class LeaseSightingsTest {

    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final LeaseKey JOB = LeaseKey.job("a");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final LeaseSightings sightings = new LeaseSightings(LEASE, nanos::get);

    @Test
    void shouldCallALeaseIdleOnlyOnceItsVersionStoodStillForAWholeLeaseSinceFirstSeen() {
        assertThat(scan(lease("v1")).state(JOB)).as("first sight").isEqualTo(State.LIVE);
        step(Duration.ofSeconds(10));
        assertThat(scan(lease("v1")).state(JOB)).isEqualTo(State.LIVE);
        step(Duration.ofSeconds(10).minusNanos(1));
        assertThat(scan(lease("v1")).state(JOB)).as("a nanosecond short").isEqualTo(State.LIVE);
        step(Duration.ofNanos(1));
        assertThat(scan(lease("v1")).state(JOB)).isEqualTo(State.IDLE);
    }

    @Test
    void shouldStartCountingAgainWhenTheVersionChanges() {
        scan(lease("v1"));
        step(Duration.ofSeconds(15));
        assertThat(scan(lease("v2")).state(JOB)).as("renewed").isEqualTo(State.LIVE);
        step(Duration.ofSeconds(15));
        assertThat(scan(lease("v2")).state(JOB))
                .as("15 s since v2 was first seen")
                .isEqualTo(State.LIVE);
        step(Duration.ofSeconds(5));
        assertThat(scan(lease("v2")).state(JOB)).isEqualTo(State.IDLE);
    }

    @Test
    void shouldForgetALeaseThatDisappearedAndCallAMissingOrReleasedLeaseFree() {
        scan(lease("v1"));
        step(LEASE);
        assertThat(scan().state(JOB)).isEqualTo(State.FREE);
        assertThat(scan(lease("v1")).state(JOB))
                .as("seen again: a new sighting")
                .isEqualTo(State.LIVE);
        LeaseRecord released = new LeaseRecord(
                JOB.value(), "b", Map.of("recordVersionNumber", "v1", "isReleased", "true", "owner", "b"));
        assertThat(scan(released).state(JOB)).isEqualTo(State.FREE);
    }

    @Test
    void shouldGiveALeaseWrittenWithALongerDurationItsOwn() {
        LeaseRecord longer = new LeaseRecord(
                JOB.value(), "b", Map.of("recordVersionNumber", "v1", "leaseDuration", "60000", "owner", "b"));
        scan(longer);
        step(LEASE.multipliedBy(2));
        assertThat(scan(longer).state(JOB)).isEqualTo(State.LIVE);
        step(LEASE);
        assertThat(scan(longer).state(JOB)).isEqualTo(State.IDLE);
    }

    private LeaseSightings.Table scan(LeaseRecord... records) {
        return sightings.record(List.of(records));
    }

    private static LeaseRecord lease(String version) {
        return new LeaseRecord(JOB.value(), "b", Map.of("recordVersionNumber", version, "owner", "b"));
    }

    private void step(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
