package io.scalepoc.support.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * scale-poc's own tables, migrated by a Flyway instance of its own, not Boot's: the schemas {@code
 * datasync} (Spring Batch's metadata, ownership, control, monitoring; the history table {@code
 * datasync.flyway_schema_history}) and {@code source} (the change tracking the table syncs read), from
 * {@code classpath:db/scalepoc/migration}. An application's own Flyway (Boot's, with its default
 * location {@code db/migration} and its own schema) never sees these scripts, and these never touch
 * its schema.
 *
 * <p>Boot orders every bean that needs the database after this one ({@link
 * ScalePocMigrationsDetector}): JDBC templates and Spring Batch's job repository.
 */
public class ScalePocMigrations implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ScalePocMigrations.class);

    /** Where the scripts are on the classpath. */
    public static final String LOCATION = "classpath:db/scalepoc/migration";

    private final DataSource dataSource;

    public ScalePocMigrations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The one configuration of our migrations: this bean's, the start-up checks' and the tests'. */
    public static FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas("datasync", "source")
                .defaultSchema("datasync")
                .locations(LOCATION);
    }

    @Override
    public void afterPropertiesSet() {
        MigrateResult result = configure(dataSource).load().migrate();
        log.info(
                "scale-poc's schema is at version {} ({} migration(s) applied now)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }
}
