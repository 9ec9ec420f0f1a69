package io.scalepoc.etl.jdbc;

import io.scalepoc.config.CatalogDatabaseCheck;
import io.scalepoc.config.DeclarativeJobs;
import io.scalepoc.support.jdbc.ScalePocMigrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@link DeclarativeJobChecks} while start-up is being refused for problems found without a
 * database, over one short-lived connection of its own to {@code spring.datasource.url}: the
 * application's pool does not exist yet. It checks only a schema Flyway has fully migrated (tables a
 * migration creates would otherwise look missing), and gives up quietly, with a warning, when
 * PostgreSQL does not answer within 5 s.
 */
public class EarlyDeclarativeJobCheck implements CatalogDatabaseCheck {

    private static final Logger log = LoggerFactory.getLogger(EarlyDeclarativeJobCheck.class);

    @Override
    public List<String> problems(Environment environment, DeclarativeJobs jobs, Collection<String> names) {
        String url = environment.getProperty("spring.datasource.url");
        if (names.isEmpty() || url == null || url.isBlank()) {
            return List.of();
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", environment.getProperty("spring.datasource.username", ""));
        credentials.setProperty("password", environment.getProperty("spring.datasource.password", ""));
        credentials.setProperty("connectTimeout", "5");
        credentials.setProperty("loginTimeout", "5");
        credentials.setProperty("socketTimeout", "60");
        try (Connection connection = DriverManager.getConnection(url, credentials)) {
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(connection, true);
            int pending = pendingMigrations(dataSource);
            if (pending > 0) {
                log.warn(
                        "The declarative jobs were not checked against the database yet: {} migration(s) are pending,"
                                + " which run once the problems reported are fixed",
                        pending);
                return List.of();
            }
            return new DeclarativeJobChecks(new JdbcTemplate(dataSource)).problems(jobs, names);
        } catch (SQLException | RuntimeException e) {
            log.warn(
                    "The declarative jobs were not checked against the database at {} yet ({}); they are once the"
                            + " problems reported are fixed",
                    url,
                    e.toString());
            return List.of();
        }
    }

    private static int pendingMigrations(SingleConnectionDataSource dataSource) {
        return ScalePocMigrations.configure(dataSource).load().info().pending().length;
    }
}
