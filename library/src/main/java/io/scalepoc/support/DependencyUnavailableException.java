package io.scalepoc.support;

/**
 * A dependency (PostgreSQL, DynamoDB, the lock table) is missing or unreachable at start-up. Carries
 * what is wrong, where it was looked for and what to do, for {@link StartupFailureAnalyzers}.
 */
public class DependencyUnavailableException extends ScalePocException {

    private final String action;

    public DependencyUnavailableException(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
