package io.scalepoc.monitoring;

import java.util.Optional;

/** A condition a check found: the alert it stands for, and what to tell the operator. */
record Condition(AlertKey key, String message) {

    static Optional<Condition> of(AlertKey key, String message) {
        return Optional.of(new Condition(key, message));
    }
}
