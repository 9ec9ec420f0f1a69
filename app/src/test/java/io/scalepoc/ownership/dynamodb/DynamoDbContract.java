package io.scalepoc.ownership.dynamodb;

import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.LeaseStoreContract;
import io.scalepoc.testsupport.TestDynamoDb;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** The lease contract over {@link DynamoDbLeaseStore} on DynamoDB Local, on a table the subclass provides. */
abstract class DynamoDbContract extends LeaseStoreContract {

    private final Map<LeaseStore, AtomicBoolean> connections = new IdentityHashMap<>();

    /** The lock table the stores use. */
    protected abstract String tableName();

    @Override
    protected LeaseStore newStore(String owner) {
        AtomicBoolean cut = new AtomicBoolean();
        LeaseStore store =
                new DynamoDbLeaseStore(TestDynamoDb.cuttableClient(cut), tableName(), owner, LEASE, HEARTBEAT);
        connections.put(store, cut);
        return store;
    }

    @Override
    protected void cutOff(LeaseStore store) {
        connections.get(store).set(true);
    }
}
