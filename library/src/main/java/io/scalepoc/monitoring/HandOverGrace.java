package io.scalepoc.monitoring;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An orphaned job, a zombie execution or a capacity shortfall is what every hand-over (a crash, a
 * rollout, start-up) shows for a moment and clears by itself: such a condition counts only once it
 * has held for the grace, as seen by this replica's runs. Until then it is neither raised nor
 * resolved (an alert already open stays open).
 */
final class HandOverGrace {

    private static final Logger log = LoggerFactory.getLogger(HandOverGrace.class);
    private static final Set<AlertType> HAND_OVER_CONDITIONS =
            Set.of(AlertType.ORPHANED, AlertType.ZOMBIE_EXECUTION, AlertType.CAPACITY_SHORTFALL);

    private final Duration grace;
    /** When this replica's runs first saw each hand-over condition that has held since. */
    private final Map<AlertKey, Instant> firstSeen = new ConcurrentHashMap<>();

    HandOverGrace(Duration grace) {
        this.grace = grace;
    }

    /** {@code findings} without the hand-over conditions younger than the grace at {@code now}. */
    Findings holdBack(Findings findings, Instant now) {
        for (AlertKey key : findings.judged()) {
            if (HAND_OVER_CONDITIONS.contains(key.type())
                    && !findings.conditions().containsKey(key)) {
                firstSeen.remove(key);
            }
        }
        Set<AlertKey> young = findings.conditions().keySet().stream()
                .filter(key -> HAND_OVER_CONDITIONS.contains(key.type()))
                .filter(key -> {
                    Duration held = Duration.between(firstSeen.computeIfAbsent(key, seen -> now), now);
                    if (held.compareTo(grace) < 0) {
                        log.debug("{} held for {} of its {} grace; not alerted yet", key, held, grace);
                        return true;
                    }
                    return false;
                })
                .collect(Collectors.toSet()); // a set: the findings hold every job's keys
        return findings.without(young::contains);
    }
}
