package io.scalepoc.demo.jdbc;

import io.scalepoc.demo.DemoProperties;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The demo's source data: every run inserts new rows into the four source tables and updates a
 * few random existing ones (in one transaction), so a person watching sees rows move.
 */
public class DemoDataGenerator implements Tasklet {

    private final JdbcTemplate jdbc;
    private final DemoProperties properties;

    public DemoDataGenerator(JdbcTemplate jdbc, DemoProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        int inserts = properties.insertsPerRun();
        int updates = properties.updatesPerRun();
        long written = 0;
        written += jdbc.update(
                """
                INSERT INTO source.customers (name, email, country)
                SELECT '  Customer  ' || n, ' Customer.' || n || '@Example.COM ',
                       (ARRAY['de','fr','us','gb','in','br'])[1 + floor(random() * 6)::int]
                  FROM (SELECT nextval('source.customers_id_seq') AS n FROM generate_series(1, ?)) s
                """,
                inserts);
        written += jdbc.update(
                """
                INSERT INTO source.products (sku, title, price_cents)
                SELECT 'sku-' || n, ' Product ' || n || ' ', 100 + floor(random() * 99900)::bigint
                  FROM (SELECT nextval('source.products_id_seq') AS n FROM generate_series(1, ?)) s
                """,
                inserts);
        written += jdbc.update(
                """
                INSERT INTO source.orders (customer_id, product_id, quantity, status)
                SELECT 1 + floor(random() * greatest(1, (SELECT count(*) FROM source.customers)))::bigint,
                       1 + floor(random() * greatest(1, (SELECT count(*) FROM source.products)))::bigint,
                       1 + floor(random() * 5)::int, 'new'
                  FROM generate_series(1, ?)
                """,
                inserts);
        written += jdbc.update(
                """
                INSERT INTO source.payments (order_id, amount_cents, currency, method)
                SELECT 1 + floor(random() * greatest(1, (SELECT count(*) FROM source.orders)))::bigint,
                       100 + floor(random() * 500000)::bigint,
                       (ARRAY['eur','usd','gbp'])[1 + floor(random() * 3)::int],
                       (ARRAY['CARD','Transfer','wallet'])[1 + floor(random() * 3)::int]
                  FROM generate_series(1, ?)
                """,
                inserts);
        written += updateRandom(
                "source.customers",
                "country = (ARRAY['de','fr','us','gb','in','br'])[1 + floor(random() * 6)::int]",
                updates);
        written += updateRandom("source.products", "price_cents = price_cents + 100", updates);
        written += updateRandom(
                "source.orders",
                "status = (ARRAY['paid','shipped','delivered','cancelled'])[1 + floor(random() * 4)::int]",
                updates);
        written += updateRandom("source.payments", "method = 'card'", updates);
        contribution.incrementWriteCount(written);
        return RepeatStatus.FINISHED;
    }

    private int updateRandom(String table, String assignment, int count) {
        return jdbc.update(
                "UPDATE " + table + " SET " + assignment + " WHERE id = ANY(ARRAY("
                        + "SELECT 1 + floor(random() * greatest(1, (SELECT max(id) FROM " + table + ")))::bigint"
                        + " FROM generate_series(1, ?)))",
                count);
    }
}
