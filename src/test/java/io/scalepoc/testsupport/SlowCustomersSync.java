package io.scalepoc.testsupport;

import io.scalepoc.etl.TableSyncDefinition;
import io.scalepoc.etl.TableSyncJobFactory;
import io.scalepoc.etl.demo.DemoTransforms;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * A customers sync whose transform costs 20 ms a row ({@code scalepoc.test.row-cost}), in chunks of
 * 10: an execution long enough (a few seconds for a few hundred rows) to be interrupted mid-run by a
 * test. Not a
 * {@code @Configuration}, so component scanning leaves it out of replicas that did not ask for it
 * ({@link Replica.Builder#withConfiguration}).
 */
public class SlowCustomersSync {

    public static final String JOB = "slow-customers-sync";

    @Bean(JOB)
    Job slowCustomersSync(TableSyncJobFactory factory,
            @Value("${scalepoc.test.row-cost:20ms}") java.time.Duration rowCost) {
        return factory.create(new TableSyncDefinition(JOB, "source.customers", List.of("id", "name", "email", "country"),
                "datasync.customers", "id", List.of("id", "full_name", "email", "country"), row -> {
                    LockSupport.parkNanos(rowCost.toNanos()); // stands for real per-row work
                    return DemoTransforms.customer(row);
                }, 10));
    }
}
