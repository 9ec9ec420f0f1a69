package io.scalepoc.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Credentials for changes through the control API (HTTP Basic). Reads need none.
 *
 * @param username the one user allowed to pause, resume, trigger and release jobs
 * @param password its password; there is no default outside the local demo profile, and without
 *     one every change is refused with 401
 * @param maxPendingTriggers how many accepted triggers of one job may wait for its owner; a trigger
 *     beyond them is refused with 429
 */
public record ControlProperties(
        @DefaultValue("operator") String username, String password, @DefaultValue("100") int maxPendingTriggers) {

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (username == null || username.isBlank()) {
            problems.add("scalepoc.control.username must not be blank");
        }
        if (maxPendingTriggers < 1) {
            problems.add("scalepoc.control.max-pending-triggers must be at least 1, not " + maxPendingTriggers);
        }
        return problems;
    }
}
