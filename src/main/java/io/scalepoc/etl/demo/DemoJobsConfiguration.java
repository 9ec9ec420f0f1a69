package io.scalepoc.etl.demo;

import io.scalepoc.etl.TableSyncDefinition;
import io.scalepoc.etl.TableSyncJobFactory;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The demo catalog: four table-sync jobs from schema {@code source} to {@code datasync}, as the
 * original POC had four jobs, and the generator that keeps changing the sources. Bean name = job
 * name = catalog key.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@EnableConfigurationProperties(DemoProperties.class)
class DemoJobsConfiguration {

    @Bean("customers-sync")
    Job customersSync(TableSyncJobFactory factory, DemoProperties demo) {
        return factory.create(new TableSyncDefinition("customers-sync", "source.customers",
                List.of("id", "name", "email", "country"), "datasync.customers", "id",
                List.of("id", "full_name", "email", "country"),
                row -> values("id", row.get("id"),
                        "full_name", ((String) row.get("name")).trim().replaceAll("\\s+", " "),
                        "email", ((String) row.get("email")).trim().toLowerCase(Locale.ROOT),
                        "country", ((String) row.get("country")).toUpperCase(Locale.ROOT)),
                demo.chunkSize()));
    }

    @Bean("products-sync")
    Job productsSync(TableSyncJobFactory factory, DemoProperties demo) {
        return factory.create(new TableSyncDefinition("products-sync", "source.products",
                List.of("id", "sku", "title", "price_cents"), "datasync.products", "id",
                List.of("id", "sku", "title", "price"),
                row -> values("id", row.get("id"),
                        "sku", ((String) row.get("sku")).toUpperCase(Locale.ROOT),
                        "title", ((String) row.get("title")).trim(),
                        "price", BigDecimal.valueOf((Long) row.get("price_cents"), 2)),
                demo.chunkSize()));
    }

    @Bean("orders-sync")
    Job ordersSync(TableSyncJobFactory factory, DemoProperties demo) {
        return factory.create(new TableSyncDefinition("orders-sync", "source.orders",
                List.of("id", "customer_id", "product_id", "quantity", "status"), "datasync.orders", "id",
                List.of("id", "customer_id", "product_id", "quantity", "status"),
                row -> values("id", row.get("id"), "customer_id", row.get("customer_id"),
                        "product_id", row.get("product_id"), "quantity", row.get("quantity"),
                        "status", ((String) row.get("status")).toUpperCase(Locale.ROOT)),
                demo.chunkSize()));
    }

    @Bean("payments-sync")
    Job paymentsSync(TableSyncJobFactory factory, DemoProperties demo) {
        return factory.create(new TableSyncDefinition("payments-sync", "source.payments",
                List.of("id", "order_id", "amount_cents", "currency", "method"), "datasync.payments", "id",
                List.of("id", "order_id", "amount", "currency", "method"),
                row -> values("id", row.get("id"), "order_id", row.get("order_id"),
                        "amount", BigDecimal.valueOf((Long) row.get("amount_cents"), 2),
                        "currency", ((String) row.get("currency")).toUpperCase(Locale.ROOT),
                        "method", ((String) row.get("method")).toLowerCase(Locale.ROOT)),
                demo.chunkSize()));
    }

    @Bean("demo-generator")
    Job demoGenerator(JobRepository jobRepository, PlatformTransactionManager transactionManager, JdbcTemplate jdbc,
            DemoProperties demo) {
        return new JobBuilder("demo-generator", jobRepository)
                .start(new StepBuilder("demo-generator.generate", jobRepository)
                        .tasklet(new DemoDataGenerator(jdbc, demo), transactionManager)
                        .build())
                .build();
    }

    private static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }
}
