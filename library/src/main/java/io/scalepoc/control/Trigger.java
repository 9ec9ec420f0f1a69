package io.scalepoc.control;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trigger request taken by the job's owner: its id (the run carries it as the job parameter
 * {@code trigger.id}) and the job parameters it asked for (empty: the job's usual run).
 */
public record Trigger(long id, Map<String, Object> parameters) {

    public Trigger {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
