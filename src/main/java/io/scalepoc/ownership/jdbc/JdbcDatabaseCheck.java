package io.scalepoc.ownership.jdbc;

import io.scalepoc.ownership.DatabaseCheck;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code SELECT 1} through the replica's own connection pool (so a pool whose connections cannot
 * reach PostgreSQL counts as unreachable), with a query timeout.
 */
public class JdbcDatabaseCheck implements DatabaseCheck {

    private static final Logger log = LoggerFactory.getLogger(JdbcDatabaseCheck.class);

    private final JdbcTemplate jdbc;

    public JdbcDatabaseCheck(DataSource dataSource, Duration timeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
    }

    @Override
    public boolean isReachable() {
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
            return true;
        } catch (DataAccessException e) {
            log.debug("PostgreSQL does not answer: {}", e.getMostSpecificCause().toString());
            return false;
        }
    }
}
