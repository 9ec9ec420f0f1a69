package io.scalepoc.support.jdbc;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Boot that {@link ScalePocMigrations} initializes the database, so that the beans Boot knows
 * to need it (JDBC templates, Spring Batch's job repository) are created after it, as they are after
 * Boot's own Flyway. Registered in {@code META-INF/spring.factories}.
 */
public class ScalePocMigrationsDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(ScalePocMigrations.class);
    }
}
