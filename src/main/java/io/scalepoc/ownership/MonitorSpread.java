package io.scalepoc.ownership;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global monitors apart: each monitor watches the other, which is worth nothing when
 * both run on one replica and that replica is the one in trouble. While another member with tokens
 * is registered, a replica that owns one monitor takes no second one, and a replica that finds
 * itself owning two hands the later one over. Alone, a replica runs both. Members are read from
 * the member leases with one scan, and only when a decision needs them; a dead member's lease is
 * removed by the monitors' own membership check, after which the survivor takes the second monitor.
 */
final class MonitorSpread {

    private static final Logger log = LoggerFactory.getLogger(MonitorSpread.class);

    private final Set<String> monitors;
    private final String instanceId;
    private final LeaseProbe probe;

    MonitorSpread(Set<String> monitors, String instanceId, LeaseProbe probe) {
        this.monitors = Set.copyOf(monitors);
        this.instanceId = instanceId;
        this.probe = probe;
    }

    /** Whether this replica may take {@code job}, owning {@code owned}. */
    boolean mayTake(String job, Set<String> owned) {
        if (!monitors.contains(job) || owned.stream().noneMatch(monitors::contains)) {
            return true;
        }
        return !anotherMemberCanRunIt();
    }

    /** A monitor to hand over, when this replica owns more than one and another member could run it. */
    Optional<String> toHandOver(Set<String> owned) {
        List<String> owners = owned.stream()
                .filter(monitors::contains)
                .sorted(Comparator.reverseOrder())
                .toList();
        if (owners.size() < 2 || !anotherMemberCanRunIt()) {
            return Optional.empty();
        }
        return Optional.of(owners.get(0));
    }

    private boolean anotherMemberCanRunIt() {
        try {
            return probe.list().stream()
                    .filter(LeaseRecord::isMember)
                    .filter(member -> !member.name().equals(instanceId))
                    .anyMatch(member -> member.tokens() > 0);
        } catch (RuntimeException e) {
            log.debug("Cannot list the members to place the monitors apart: {}", e.toString());
            return false; // run both rather than none
        }
    }
}
