package io.scalepoc.testsupport;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import io.scalepoc.config.DynamoDbProperties;
import io.scalepoc.ownership.dynamodb.DynamoDbClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real DynamoDB Local server (in memory) on a free port, started once per test JVM and shared by
 * every test; each test uses lock tables of its own ({@link #newTableName()}). Being an HTTP server,
 * child JVMs can reach it too.
 */
public final class TestDynamoDb {

    private static int port;
    private static DynamoDBProxyServer server;

    private TestDynamoDb() {}

    public static synchronized String endpoint() {
        if (server == null) {
            try {
                port = freePort();
                server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start DynamoDB Local", e);
            }
        }
        return "http://localhost:" + port;
    }

    public static String newTableName() {
        return "scalepoc-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static DynamoDbProperties properties(String tableName) {
        return new DynamoDbProperties(endpoint(), "us-east-1", tableName, true, Duration.ofSeconds(3));
    }

    /** A client of the test server with the local dummy credentials. */
    public static DynamoDbClient client() {
        return DynamoDbClients.create(properties("unused"), Map.of());
    }

    /**
     * A client of the test server whose requests fail while {@code cut} is set, as if the network to
     * DynamoDB were cut: heartbeats stop arriving, the item stays as it was.
     */
    public static DynamoDbClient cuttableClient(AtomicBoolean cut) {
        return DynamoDbClients.create(properties("unused"), Map.of(), List.of(cutSwitch(cut)));
    }

    /** An interceptor that fails every request while {@code cut} is set. */
    public static ExecutionInterceptor cutSwitch(AtomicBoolean cut) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (cut.get()) {
                    throw SdkClientException.create("simulated network cut to DynamoDB");
                }
            }
        };
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
