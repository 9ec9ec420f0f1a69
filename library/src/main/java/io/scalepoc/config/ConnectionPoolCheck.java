package io.scalepoc.config;

import java.util.List;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * Whether the connection pool can serve every run this replica may have going at once, plus the
 * replica's own connections. Every owned job may run at the same time (one scheduler thread each),
 * and a run holds a connection for each chunk or tasklet transaction; a run that waits for a
 * connection longer than Hikari's connection timeout fails. So start-up refuses a pool smaller than
 * {@link #required}, naming the property and the number.
 *
 * <p>The check reads {@code spring.datasource.hikari.maximum-pool-size} (Hikari's default, 10, when
 * unset); it is skipped when {@code spring.datasource.type} names another pool. The PostgreSQL
 * check-in has a pool of its own and is not counted here.
 */
final class ConnectionPoolCheck {

    static final String PROPERTY = "spring.datasource.hikari.maximum-pool-size";

    /**
     * The replica's own connections besides its runs: one held by LISTEN/NOTIFY (release
     * announcements, control changes), two shared by the claim loop's bookkeeping (epochs, events),
     * the self-monitor and the control API.
     */
    static final int REPLICA_CONNECTIONS = 3;

    private static final int HIKARI_DEFAULT = 10;
    private static final String HIKARI = "com.zaxxer.hikari.HikariDataSource";

    private ConnectionPoolCheck() {}

    static Optional<String> problem(Environment environment, ScalePocProperties properties) {
        CatalogProperties catalog = properties.catalog();
        String type = environment.getProperty("spring.datasource.type");
        if (type != null && !type.equals(HIKARI)) {
            return Optional.empty();
        }
        int poolSize;
        try {
            poolSize = environment.getProperty(PROPERTY, Integer.class, HIKARI_DEFAULT);
        } catch (RuntimeException e) {
            return Optional.of(
                    PROPERTY + " must be a whole number, but is '" + environment.getProperty(PROPERTY) + "'");
        }
        int runs = properties.maxConcurrentRuns() == null
                ? runsAtOnce(catalog)
                : Math.min(runsAtOnce(catalog), properties.maxConcurrentRuns());
        int required = runs + REPLICA_CONNECTIONS;
        if (poolSize >= required) {
            return Optional.empty();
        }
        return Optional.of(PROPERTY + " is " + poolSize + ", but this replica needs at least " + required
                + " connections: up to " + runs + " runs at once (scalepoc.tokens=" + catalog.tokens()
                + " and the weights of the enabled jobs, jobs of weight 0 included"
                + (properties.maxConcurrentRuns() == null
                        ? ""
                        : ", scalepoc.max-concurrent-runs=" + properties.maxConcurrentRuns())
                + "), each holding a connection, plus "
                + REPLICA_CONNECTIONS + " of its own; raise " + PROPERTY + " to " + required
                + " or more, or lower scalepoc.tokens or scalepoc.max-concurrent-runs");
    }

    /**
     * The most jobs this replica can run at once: every enabled job of weight 0, plus as many of
     * the others as fit into its tokens, lightest first. None without tokens: such a replica owns nothing.
     */
    static int runsAtOnce(CatalogProperties catalog) {
        if (catalog.tokens() <= 0) {
            return 0;
        }
        int free = 0;
        List<Integer> weights = catalog.enabled().values().stream()
                .map(JobProperties::weight)
                .sorted()
                .toList();
        int runs = 0;
        int left = catalog.tokens();
        for (int weight : weights) {
            if (weight <= 0) {
                free++;
            } else if (weight <= left) {
                left -= weight;
                runs++;
            }
        }
        return free + runs;
    }
}
