package io.scalepoc.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server on a free local port that receives alert webhooks: it records every request
 * body, and answers the first {@code failFirst} requests with HTTP 503 (to exercise retries).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<JsonNode> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failuresLeft;

    private WebhookReceiver(int failFirst) {
        this.failuresLeft = new AtomicInteger(failFirst);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/alerts", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            attempts.incrementAndGet();
            int status;
            if (failuresLeft.getAndDecrement() > 0) {
                status = 503;
            } else {
                delivered.add(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static WebhookReceiver start() {
        return new WebhookReceiver(0);
    }

    /** A receiver that answers 503 to its first {@code count} requests. */
    public static WebhookReceiver failingFirst(int count) {
        return new WebhookReceiver(count);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** Bodies of the requests answered 2xx, in arrival order. */
    public List<JsonNode> delivered() {
        return List.copyOf(delivered);
    }

    /** Delivered events with this {@code event} and {@code type} (and {@code job}, when not null). */
    public List<JsonNode> delivered(String event, String type, String job) {
        return delivered.stream()
                .filter(body -> body.get("event").asText().equals(event))
                .filter(body -> body.get("type").asText().equals(type))
                .filter(body -> job == null || body.get("job").asText().equals(job))
                .toList();
    }

    /** Every request, answered 2xx or not. */
    public int attempts() {
        return attempts.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
