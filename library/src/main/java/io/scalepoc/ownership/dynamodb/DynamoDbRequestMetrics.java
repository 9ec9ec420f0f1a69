package io.scalepoc.ownership.dynamodb;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every DynamoDB request of this replica ({@code scalepoc.dynamodb.requests{operation,outcome}})
 * and the failed heartbeats ({@code scalepoc.lease.heartbeat.failures}). The lock client renews a
 * lease with UpdateItem and uses UpdateItem for nothing else here (acquisitions are PutItem,
 * releases DeleteItem), so a failed UpdateItem is a failed heartbeat: DynamoDB unreachable or
 * throttled, or the lease taken over.
 */
public class DynamoDbRequestMetrics implements ExecutionInterceptor {

    private final MeterRegistry meters;
    private final Counter heartbeatFailures;

    public DynamoDbRequestMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.heartbeatFailures = Counter.builder("scalepoc.lease.heartbeat.failures")
                .description("Lease renewals (heartbeats) that failed")
                .register(meters);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(attributes, "success");
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        String operation = count(attributes, "failure");
        if ("UpdateItem".equals(operation)) {
            heartbeatFailures.increment();
        }
    }

    private String count(ExecutionAttributes attributes, String outcome) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Counter.builder("scalepoc.dynamodb.requests")
                .description("DynamoDB requests made by this replica")
                .tag("operation", operation == null ? "unknown" : operation)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        return operation;
    }
}
