package io.scalepoc.ownership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership from member leases ({@code member#<instance id>}), and who holds each job, from one
 * consistent scan of the lock table taken into this replica's {@link LeaseSightings}. A member
 * lease whose version has stood still for a whole lease has no live replica behind it: it is
 * reclaimed (deleted, conditionally on that version) and the member counts as gone, so crashed
 * replicas do not pile up in the table. A member seen for the first time counts as live, as the
 * lock client would have it. No request is made per member or per job except for a lease found
 * idle.
 */
public class ClusterView {

    private static final Logger log = LoggerFactory.getLogger(ClusterView.class);

    private final LeaseProbe probe;
    private final LeaseSightings sightings;
    private final Object recentLock = new Object();
    private ClusterSnapshot recent;
    private long recentAtNanos;

    public ClusterView(LeaseProbe probe, LeaseSightings sightings) {
        this.probe = probe;
        this.sightings = sightings;
    }

    /**
     * A snapshot at most {@code maxAge} old, for readers that anyone may call as often as they like
     * (the API): at most one snapshot is taken at a time, and callers arriving meanwhile wait for it
     * and share it, so a burst of requests costs one Scan per {@code maxAge}, not one per request.
     */
    public ClusterSnapshot recentSnapshot(Duration maxAge) {
        synchronized (recentLock) {
            long now = System.nanoTime();
            if (recent == null || now - recentAtNanos >= maxAge.toNanos()) {
                recent = snapshot();
                recentAtNanos = System.nanoTime();
            }
            return recent;
        }
    }

    public ClusterSnapshot snapshot() {
        return observe(List.of()).cluster();
    }

    /**
     * What one scan shows: the membership, and for each of {@code jobs} whether its lease has a
     * live holder — {@link LeaseProbe.Result#FREE} when nobody holds it (no item, or one that stood
     * still for a whole lease and was reclaimed just now), {@link LeaseProbe.Result#HELD} when its
     * holder renewed it within a lease, {@link LeaseProbe.Result#UNKNOWN} when the table did not
     * answer.
     */
    public Observation observe(Collection<String> jobs) {
        LeaseSightings.Table table;
        try {
            table = sightings.scan(probe);
        } catch (RuntimeException e) {
            Map<String, LeaseProbe.Result> unknown = new LinkedHashMap<>();
            jobs.forEach(job -> unknown.put(job, LeaseProbe.Result.UNKNOWN));
            return new Observation(
                    ClusterSnapshot.unknown("the lock table cannot be read: " + e.getMessage()), unknown);
        }
        List<LeaseRecord> records = table.records();
        Map<String, String> jobOwners = new LinkedHashMap<>();
        records.stream()
                .filter(LeaseRecord::isJob)
                .filter(job -> !job.isReleased())
                .forEach(job -> jobOwners.put(job.name(), job.attributes().getOrDefault("owner", job.ownerName())));
        boolean complete = true;
        List<Member> members = new ArrayList<>();
        List<String> departed = new ArrayList<>();
        for (LeaseRecord record : records) {
            if (!record.isMember()) {
                continue;
            }
            LeaseProbe.Result result = leaseHolder(table, record);
            if (result == LeaseProbe.Result.FREE) {
                departed.add(record.name());
                log.info(
                        "Member '{}' is gone: its member lease stood still for a whole lease and was removed",
                        record.name());
                continue;
            }
            complete &= result == LeaseProbe.Result.HELD;
            List<String> owned = jobOwners.entrySet().stream()
                    .filter(entry -> entry.getValue().equals(record.name()))
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            members.add(new Member(
                    record.name(), record.tokens(), record.attributes().get("address"), owned));
        }
        Map<String, LeaseProbe.Result> jobLeases = new LinkedHashMap<>();
        for (String job : jobs) {
            jobLeases.put(
                    job,
                    table.record(LeaseKey.job(job))
                            .map(record -> leaseHolder(table, record))
                            .orElse(LeaseProbe.Result.FREE));
        }
        ClusterSnapshot snapshot = new ClusterSnapshot(
                complete, members, jobOwners, departed, complete ? null : "some member leases could not be reclaimed");
        return new Observation(snapshot, jobLeases);
    }

    /** Whether a lease item has a live holder; an idle one is reclaimed (FREE once deleted). */
    private LeaseProbe.Result leaseHolder(LeaseSightings.Table table, LeaseRecord record) {
        return switch (table.state(new LeaseKey(record.key()))) {
            case FREE -> LeaseProbe.Result.FREE;
            case LIVE -> LeaseProbe.Result.HELD;
            case IDLE -> probe.reclaim(record);
        };
    }

    /** One scan's membership and job leases. */
    public record Observation(ClusterSnapshot cluster, Map<String, LeaseProbe.Result> jobLeases) {}
}
