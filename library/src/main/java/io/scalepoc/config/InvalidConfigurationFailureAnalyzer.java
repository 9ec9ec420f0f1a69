package io.scalepoc.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints every configuration problem as one list instead of a stack trace. */
public class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix the properties above (application.yml, SCALEPOC_* environment variables or --scalepoc.* arguments). "
                        + "docs/configuration.md describes every property.",
                cause);
    }
}
