package io.scalepoc.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The safety audit as metrics: {@code scalepoc.safety.violations{type}}, every violation recorded
 * since the audit began (cluster-wide: every replica reports the same, so aggregate with {@code
 * max}), and {@code scalepoc.safety.audit.since}, when it began (Unix seconds). "0 violations since
 * …" is then a measurement, not a promise. Refreshed with the self-monitor's pass.
 */
public class SafetyGauges {

    private final SafetyAudit audit;
    private final Map<AlertType, AtomicLong> counts = new EnumMap<>(AlertType.class);
    private final AtomicLong since = new AtomicLong();

    public SafetyGauges(SafetyAudit audit, MeterRegistry meters) {
        this.audit = audit;
        for (AlertType type : SafetyAudit.RECORDED) {
            AtomicLong count = new AtomicLong();
            counts.put(type, count);
            Gauge.builder("scalepoc.safety.violations", count, AtomicLong::get)
                    .description("Violations of the ownership guarantees the safety audit has recorded, cluster-wide"
                            + " (every replica reports the same: use max)")
                    .tag("type", type.name())
                    .register(meters);
        }
        Gauge.builder("scalepoc.safety.audit.since", since, AtomicLong::get)
                .description("When the safety audit began, in Unix seconds")
                .baseUnit("seconds")
                .register(meters);
    }

    /**
     * What the status page shows: the totals as of the last {@link #refresh()} (no query of its
     * own), and since when; {@code since} is null before the first refresh.
     */
    public SafetySummary summary() {
        Map<String, Long> byType = new java.util.LinkedHashMap<>();
        counts.forEach((type, count) -> byType.put(type.name(), count.get()));
        long started = since.get();
        return new SafetySummary(
                started == 0 ? null : java.time.Instant.ofEpochSecond(started),
                byType.values().stream().mapToLong(Long::longValue).sum(),
                byType);
    }

    /**
     * The safety audit's totals.
     *
     * @param since when the audit began
     * @param violations every violation recorded since then
     * @param byType the same by type (OVERLAP, STALE_EPOCH_COMMIT, HELD_IDLE)
     */
    public record SafetySummary(java.time.Instant since, long violations, Map<String, Long> byType) {}

    /** Re-reads the totals. */
    public void refresh() {
        audit.totals().forEach((type, total) -> {
            AtomicLong count = counts.get(type);
            if (count != null) {
                count.set(total);
            }
        });
        since.set(audit.since().getEpochSecond());
    }
}
