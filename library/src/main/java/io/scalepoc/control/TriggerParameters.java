package io.scalepoc.control;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The job parameters of a trigger, checked: names of letters, digits, {@code . _ -} (up to 100
 * characters, not one scale-poc sets itself: {@value #RESERVED_LIST}), values a string (up to 2,500
 * characters, Spring Batch's column), an integer (a {@code Long}), a decimal (a {@code Double}) or a
 * boolean; at most {@value #MAX_PARAMETERS}. Every problem is reported at once.
 */
public final class TriggerParameters {

    static final int MAX_PARAMETERS = 50;
    static final int MAX_STRING = 2500;
    static final String RESERVED_LIST = "run.id, owner, epoch, trigger.id";
    /** Set by scale-poc on every launch (or on a triggered one); a trigger may not carry them. */
    public static final Set<String> RESERVED = Set.of("run.id", "owner", "epoch", "trigger.id");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private TriggerParameters() {}

    /**
     * {@code raw} (as JSON binds: strings, numbers, booleans, maybe nested values) as typed job
     * parameter values, in order.
     *
     * @throws InvalidTriggerException listing every problem
     */
    public static Map<String, Object> of(Map<String, ?> raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        List<String> problems = new ArrayList<>();
        if (raw.size() > MAX_PARAMETERS) {
            problems.add("at most " + MAX_PARAMETERS + " parameters, but there are " + raw.size());
        }
        Map<String, Object> typed = new LinkedHashMap<>();
        raw.forEach((name, value) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                problems.add("parameter name '" + name + "' must be 1-100 letters, digits, '.', '_' or '-'");
            } else if (RESERVED.contains(name)) {
                problems.add("parameter '" + name + "' is reserved: scale-poc sets " + RESERVED_LIST + " itself");
            } else {
                Object converted = convert(value);
                if (converted == null) {
                    problems.add("parameter '" + name
                            + "' must be a string, an integer, a decimal or a boolean, but is " + describe(value));
                } else if (converted instanceof String text && text.length() > MAX_STRING) {
                    problems.add("parameter '" + name + "' is longer than " + MAX_STRING + " characters");
                } else {
                    typed.put(name, converted);
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidTriggerException(problems);
        }
        return Collections.unmodifiableMap(typed);
    }

    private static Object convert(Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : null;
        }
        if (value instanceof Float || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        return null;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
