package io.scalepoc.ownership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL-outage policy. Each sweep checks this replica in; while PostgreSQL does not answer
 * nothing is claimed (a job without a fresh epoch must not run anyway), and once it has not
 * answered for the database-outage grace every owned job is given up ({@link
 * OwnershipEvent.Trouble#DATABASE_OUTAGE}) so that replicas that reach it adopt them. The check-in
 * has a connection pool of its own, so a busy job pool never reads as an outage. Times on the
 * injected {@link Clock}.
 */
final class OutageGiveUp {

    private static final Logger log = LoggerFactory.getLogger(OutageGiveUp.class);

    private final DatabaseCheck database;
    private final Duration grace;
    private final Clock clock;
    private Instant unreachableSince;
    private boolean gaveUp;

    OutageGiveUp(DatabaseCheck database, Duration grace, Clock clock) {
        this.database = database;
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * Whether PostgreSQL answers. When it has not for the grace, {@code giveUpAll} runs (at every
     * sweep while the outage lasts and jobs are owned). Called by one thread at a time.
     */
    boolean reachable(int owned, Runnable giveUpAll) {
        if (database.checkIn()) {
            if (unreachableSince != null) {
                log.info("PostgreSQL answers again; claiming jobs again");
                unreachableSince = null;
                gaveUp = false;
            }
            return true;
        }
        Instant now = clock.instant();
        if (unreachableSince == null) {
            unreachableSince = now;
            log.warn(
                    "PostgreSQL does not answer: claiming nothing, and giving up the {} owned jobs if this lasts {}",
                    owned,
                    grace);
        }
        Duration outage = Duration.between(unreachableSince, now);
        if (owned > 0 && outage.compareTo(grace) >= 0) {
            if (!gaveUp) {
                log.warn("PostgreSQL has not answered for {}: giving up every owned job", outage);
                gaveUp = true;
            }
            giveUpAll.run();
        }
        return false;
    }
}
