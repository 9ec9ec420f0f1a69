package io.scalepoc.demo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The "T" of the demo's Java sync (customers): the clean-ups a real sync would make. The other three
 * demo syncs are declarative and say theirs in SQL ({@code application-demo.yml}).
 */
public final class DemoTransforms {

    private DemoTransforms() {}

    public static Map<String, Object> customer(Map<String, Object> row) {
        return values(
                "id",
                row.get("id"),
                "full_name",
                ((String) row.get("name")).trim().replaceAll("\\s+", " "),
                "email",
                ((String) row.get("email")).trim().toLowerCase(Locale.ROOT),
                "country",
                ((String) row.get("country")).toUpperCase(Locale.ROOT));
    }

    private static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }
}
