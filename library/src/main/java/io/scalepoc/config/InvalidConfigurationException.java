package io.scalepoc.config;

import io.scalepoc.support.ScalePocException;
import java.util.List;

/** Start-up stops with this, carrying every configuration problem found, not just the first. */
public class InvalidConfigurationException extends ScalePocException {

    private final List<String> problems;

    public InvalidConfigurationException(List<String> problems) {
        super("Invalid scale-poc configuration, " + problems.size() + " problem(s):\n  - "
                + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
