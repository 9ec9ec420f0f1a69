package io.scalepoc.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** Source rows for the demo tables, and the check that every target equals its transformed source. */
public final class DemoData {

    private DemoData() {}

    /** Inserts {@code rows} rows into each of the four source tables. */
    public static void seed(JdbcTemplate jdbc, int rows) {
        jdbc.update(
                "INSERT INTO source.customers (name, email, country) "
                        + "SELECT '  Customer   ' || g, ' C' || g || '@Example.COM', 'de' FROM generate_series(1, ?) g",
                rows);
        jdbc.update(
                "INSERT INTO source.products (sku, title, price_cents) "
                        + "SELECT 'sku-' || g, ' Product ' || g, 100 + g FROM generate_series(1, ?) g",
                rows);
        jdbc.update(
                "INSERT INTO source.orders (customer_id, product_id, quantity, status) "
                        + "SELECT g, g, 1 + g % 5, 'new' FROM generate_series(1, ?) g",
                rows);
        jdbc.update(
                "INSERT INTO source.payments (order_id, amount_cents, currency, method) "
                        + "SELECT g, 1000 + g, 'eur', 'CARD' FROM generate_series(1, ?) g",
                rows);
    }

    /**
     * Rows that differ between each demo source and its target: missing on either side, a stale
     * source version, or a value that is not the transform of the source value.
     */
    public static Map<String, Long> mismatches(JdbcTemplate jdbc) {
        Map<String, Long> mismatches = new LinkedHashMap<>();
        mismatches.put(
                "customers",
                jdbc.queryForObject(
                        """
                SELECT count(*) FROM source.customers s FULL JOIN datasync.customers t ON t.id = s.id
                 WHERE t.id IS NULL OR s.id IS NULL OR t.source_version <> s.row_version
                    OR t.full_name <> regexp_replace(trim(s.name), '\\s+', ' ', 'g')
                    OR t.email <> lower(trim(s.email)) OR t.country <> upper(s.country)
                """,
                        Long.class));
        mismatches.put(
                "products",
                jdbc.queryForObject(
                        """
                SELECT count(*) FROM source.products s FULL JOIN datasync.products t ON t.id = s.id
                 WHERE t.id IS NULL OR s.id IS NULL OR t.source_version <> s.row_version
                    OR t.sku <> upper(s.sku) OR t.title <> trim(s.title) OR t.price <> s.price_cents / 100.0
                """,
                        Long.class));
        mismatches.put(
                "orders",
                jdbc.queryForObject(
                        """
                SELECT count(*) FROM source.orders s FULL JOIN datasync.orders t ON t.id = s.id
                 WHERE t.id IS NULL OR s.id IS NULL OR t.source_version <> s.row_version
                    OR t.status <> upper(s.status) OR t.quantity <> s.quantity
                """,
                        Long.class));
        mismatches.put(
                "payments",
                jdbc.queryForObject(
                        """
                SELECT count(*) FROM source.payments s FULL JOIN datasync.payments t ON t.id = s.id
                 WHERE t.id IS NULL OR s.id IS NULL OR t.source_version <> s.row_version
                    OR t.amount <> s.amount_cents / 100.0 OR t.currency <> upper(s.currency) OR t.method <> lower(s.method)
                """,
                        Long.class));
        return mismatches;
    }

    public static Map<String, Long> noMismatches() {
        return Map.of("customers", 0L, "products", 0L, "orders", 0L, "payments", 0L);
    }
}
