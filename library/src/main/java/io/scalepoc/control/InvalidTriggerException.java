package io.scalepoc.control;

import java.util.List;

/** A trigger's parameters are not acceptable: the API answers 400 with every problem. */
public class InvalidTriggerException extends RuntimeException {

    private final List<String> problems;

    public InvalidTriggerException(List<String> problems) {
        super("Invalid trigger parameters: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
