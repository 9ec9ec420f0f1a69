package io.scalepoc.ownership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership from member leases ({@code member#<instance id>}): list the table, then probe each
 * member lease. A member whose lease the probe could take is dead, and its lease is gone after the
 * probe (it was deleted), so crashed replicas do not pile up in the table. Job leases give who
 * holds each job.
 */
public class ClusterView {

    private static final Logger log = LoggerFactory.getLogger(ClusterView.class);

    private final LeaseProbe probe;
    private final Object recentLock = new Object();
    private ClusterSnapshot recent;
    private long recentAtNanos;

    public ClusterView(LeaseProbe probe) {
        this.probe = probe;
    }

    /**
     * A snapshot at most {@code maxAge} old, for readers that anyone may call as often as they like
     * (the API): at most one snapshot is taken at a time, and callers arriving meanwhile wait for it
     * and share it, so a burst of requests costs one Scan and one probe per member per {@code
     * maxAge}, not one per request.
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
        List<LeaseRecord> records;
        try {
            records = probe.list();
        } catch (RuntimeException e) {
            return ClusterSnapshot.unknown("the lock table cannot be read: " + e.getMessage());
        }
        Map<String, String> jobOwners = new LinkedHashMap<>();
        records.stream()
                .filter(LeaseRecord::isJob)
                .forEach(job -> jobOwners.put(job.name(), job.attributes().getOrDefault("owner", job.ownerName())));
        boolean complete = true;
        List<Member> members = new ArrayList<>();
        List<String> departed = new ArrayList<>();
        for (LeaseRecord record : records) {
            if (!record.isMember()) {
                continue;
            }
            LeaseProbe.Result result = probe.probe(new LeaseKey(record.key()));
            if (result == LeaseProbe.Result.FREE) {
                departed.add(record.name());
                log.info("Member '{}' is gone: its member lease had expired and was removed", record.name());
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
        return new ClusterSnapshot(
                complete, members, jobOwners, departed, complete ? null : "some member leases could not be probed");
    }
}
