package io.scalepoc.ownership;

import io.scalepoc.testsupport.InMemoryLeaseTable;
import java.time.Duration;

/**
 * The lease contract over the in-memory fake the unit tests use ({@link InMemoryLeaseTable}), so
 * that it keeps the rules the DynamoDB store keeps (see {@code DynamoDbLeaseStoreIntegrationTest}).
 */
class InMemoryLeaseStoreTest extends LeaseStoreContract {

    private final InMemoryLeaseTable table = new InMemoryLeaseTable(LEASE, HEARTBEAT, Duration.ZERO, System::nanoTime);

    @Override
    protected LeaseStore newStore(String owner) {
        return table.store(owner);
    }

    @Override
    protected void cutOff(LeaseStore store) {
        table.cutOff(store);
    }
}
