package io.scalepoc.etl.demo;

import io.scalepoc.etl.TableSyncDefinition;
import io.scalepoc.etl.TableSyncJobFactory;
import java.util.List;
import org.springframework.batch.core.job.Job;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The demo catalog: four table-sync jobs from schema {@code source} to {@code datasync}, as the
 * original POC had four jobs (the generator that keeps changing the sources is {@code
 * etl.demo.jdbc}). Bean name = job name = catalog key.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@EnableConfigurationProperties(DemoProperties.class)
class DemoJobsConfiguration {

    @Bean("customers-sync")
    Job customersSync(TableSyncJobFactory factory, DemoProperties demo) {
        return factory.create(new TableSyncDefinition(
                "customers-sync",
                "source.customers",
                List.of("id", "name", "email", "country"),
                "datasync.customers",
                "id",
                List.of("id", "full_name", "email", "country"),
                DemoTransforms::customer,
                demo.chunkSize()));
    }

    @Bean("products-sync")
    Job productsSync(TableSyncJobFactory factory, DemoProperties demo) {
        return factory.create(new TableSyncDefinition(
                "products-sync",
                "source.products",
                List.of("id", "sku", "title", "price_cents"),
                "datasync.products",
                "id",
                List.of("id", "sku", "title", "price"),
                DemoTransforms::product,
                demo.chunkSize()));
    }

    @Bean("orders-sync")
    Job ordersSync(TableSyncJobFactory factory, DemoProperties demo) {
        return factory.create(new TableSyncDefinition(
                "orders-sync",
                "source.orders",
                List.of("id", "customer_id", "product_id", "quantity", "status"),
                "datasync.orders",
                "id",
                List.of("id", "customer_id", "product_id", "quantity", "status"),
                DemoTransforms::order,
                demo.chunkSize()));
    }

    @Bean("payments-sync")
    Job paymentsSync(TableSyncJobFactory factory, DemoProperties demo) {
        return factory.create(new TableSyncDefinition(
                "payments-sync",
                "source.payments",
                List.of("id", "order_id", "amount_cents", "currency", "method"),
                "datasync.payments",
                "id",
                List.of("id", "order_id", "amount", "currency", "method"),
                DemoTransforms::payment,
                demo.chunkSize()));
    }
}
