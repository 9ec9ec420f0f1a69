package io.scalepoc.ownership;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global monitors apart: each monitor watches the other, which is worth nothing when
 * both run on one replica and that replica is the one in trouble. A replica that finds itself
 * owning two monitors while another member could run one (its member lease advertises tokens and
 * the monitors, and it has checked in with PostgreSQL lately, so it can run jobs at all) hands the
 * later one over, between its runs, with a hold-off so that the other member adopts it. Alone, or
 * beside members that cannot reach PostgreSQL, a replica runs both.
 *
 * <p>If nobody took the monitor (the others cannot reach PostgreSQL, say), this replica takes it
 * back after the hold-off and keeps it until the members who could run it change, rather than
 * handing it to the same members again and again. Members are read from the member leases of the
 * claim sweep's scan, and only when this replica owns two monitors.
 */
final class MonitorSpread {

    private static final Logger log = LoggerFactory.getLogger(MonitorSpread.class);

    private final Set<String> monitors;
    private final String instanceId;
    private final DatabaseCheck database;
    private final Duration presenceWindow;
    private Set<String> othersAtLastHandOver = Set.of();

    MonitorSpread(Set<String> monitors, String instanceId, DatabaseCheck database, Duration presenceWindow) {
        this.monitors = Set.copyOf(monitors);
        this.instanceId = instanceId;
        this.database = database;
        this.presenceWindow = presenceWindow;
    }

    boolean isMonitor(String job) {
        return monitors.contains(job);
    }

    /**
     * The monitor to hand over, if this replica owns more than one, other members could run one that
     * have not already let one go by since the last hand-over, and it is {@code idle} (not running
     * here: it is handed over between its runs; a running one is tried again at the next sweep).
     * Called by one thread at a time.
     */
    Optional<String> toHandOver(Set<String> owned, Predicate<String> idle, List<LeaseRecord> records) {
        List<String> owners = owned.stream()
                .filter(monitors::contains)
                .sorted(Comparator.reverseOrder())
                .toList();
        if (owners.size() < 2) {
            return Optional.empty();
        }
        Set<String> others = othersThatRunMonitors(records);
        if (others.isEmpty()) {
            othersAtLastHandOver = Set.of();
            return Optional.empty();
        }
        if (others.equals(othersAtLastHandOver)) {
            return Optional.empty();
        }
        String monitor = owners.get(0);
        if (!idle.test(monitor)) {
            log.debug("Members {} could run monitor '{}'; it is running, so not yet", others, monitor);
            return Optional.empty();
        }
        othersAtLastHandOver = others;
        log.debug("Members {} could run monitor '{}'", others, monitor);
        return Optional.of(monitor);
    }

    private Set<String> othersThatRunMonitors(List<LeaseRecord> records) {
        try {
            Set<String> present = database.checkedInWithin(presenceWindow);
            return records.stream()
                    .filter(member -> present.contains(member.name()))
                    .filter(LeaseRecord::isMember)
                    .filter(member -> !member.name().equals(instanceId))
                    .filter(member -> member.tokens() > 0 && member.runsMonitors())
                    .map(LeaseRecord::name)
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            log.debug("Cannot list the members to place the monitors apart: {}", e.toString());
            return Set.of(); // run both rather than none
        }
    }
}
