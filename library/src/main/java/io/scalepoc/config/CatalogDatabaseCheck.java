package io.scalepoc.config;

import java.util.Collection;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * Checks declarative jobs against the database while {@link ConfigurationValidator} reports the
 * problems it found without one, so that one start-up report names them all. Registered in {@code
 * META-INF/spring.factories} by the adapter that knows the database (the validator runs before any
 * bean exists). An implementation that cannot reach the database, or finds its schema not yet
 * migrated, says so in the log and returns nothing: those checks then run at the next start-up.
 */
public interface CatalogDatabaseCheck {

    /** Every problem the database shows of the declarative jobs named in {@code names}. */
    List<String> problems(Environment environment, DeclarativeJobs jobs, Collection<String> names);
}
