package io.scalepoc.etl.demo;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The "T" of the four demo syncs: clean-ups and unit conversions a real sync would make. */
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

    public static Map<String, Object> product(Map<String, Object> row) {
        return values(
                "id",
                row.get("id"),
                "sku",
                ((String) row.get("sku")).toUpperCase(Locale.ROOT),
                "title",
                ((String) row.get("title")).trim(),
                "price",
                BigDecimal.valueOf((Long) row.get("price_cents"), 2));
    }

    public static Map<String, Object> order(Map<String, Object> row) {
        return values(
                "id",
                row.get("id"),
                "customer_id",
                row.get("customer_id"),
                "product_id",
                row.get("product_id"),
                "quantity",
                row.get("quantity"),
                "status",
                ((String) row.get("status")).toUpperCase(Locale.ROOT));
    }

    public static Map<String, Object> payment(Map<String, Object> row) {
        return values(
                "id",
                row.get("id"),
                "order_id",
                row.get("order_id"),
                "amount",
                BigDecimal.valueOf((Long) row.get("amount_cents"), 2),
                "currency",
                ((String) row.get("currency")).toUpperCase(Locale.ROOT),
                "method",
                ((String) row.get("method")).toLowerCase(Locale.ROOT));
    }

    private static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }
}
