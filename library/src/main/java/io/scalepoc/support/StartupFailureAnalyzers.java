package io.scalepoc.support;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/** Turns start-up failures caused by missing or unreachable dependencies into one clear message. */
public final class StartupFailureAnalyzers {

    private StartupFailureAnalyzers() {}

    /** Our own dependency checks (DynamoDB, the lock table) already say what and where. */
    public static class DependencyUnavailable extends AbstractFailureAnalyzer<DependencyUnavailableException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, DependencyUnavailableException cause) {
            return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
        }
    }

    /**
     * PostgreSQL refused or could not be reached (SQL states 08xxx), rejected the login (28xxx) or
     * has no such database (3D000) when Flyway first connects.
     */
    public static class PostgresUnavailable extends AbstractFailureAnalyzer<SQLException> {

        private final Environment environment;

        public PostgresUnavailable(Environment environment) {
            this.environment = environment;
        }

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
            String state = cause.getSQLState() == null ? "" : cause.getSQLState();
            String url = environment.getProperty("spring.datasource.url", "(spring.datasource.url is not set)");
            String user = environment.getProperty("spring.datasource.username", "(not set)");
            String problem;
            if (state.startsWith("08")) {
                problem = "PostgreSQL is unreachable at " + url;
            } else if (state.startsWith("28")) {
                problem = "PostgreSQL at " + url + " rejected the login of user '" + user + "'";
            } else if (state.equals("3D000")) {
                problem = "PostgreSQL at " + url + " has no such database";
            } else {
                return null;
            }
            return new FailureAnalysis(
                    problem + ": " + cause.getMessage(),
                    "Start PostgreSQL (locally: scripts/postgres.sh start) or point spring.datasource.url, "
                            + "spring.datasource.username and spring.datasource.password "
                            + "(SPRING_DATASOURCE_URL, ...) at a running server.",
                    cause);
        }
    }
}
