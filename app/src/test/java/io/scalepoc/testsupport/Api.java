package io.scalepoc.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for a replica's API and actuator endpoints. */
public final class Api {

    public static final String OPERATOR = "operator";
    public static final String PASSWORD = "demo";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;

    public Api(int port) {
        this.port = port;
    }

    public record Response(
            int status, String contentType, String body, String location, java.net.http.HttpHeaders headers) {

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    /** Whether an alert of {@code type} on {@code job} is open, as {@code GET /api/alerts?state=open} says. */
    public boolean isAlertOpen(String type, String job) {
        for (JsonNode alert : get("/api/alerts?state=open").json()) {
            if (alert.get("type").asText().equals(type)
                    && alert.get("job").asText().equals(job)) {
                return true;
            }
        }
        return false;
    }

    /** GET with the demo operator's credentials (health details are shown to the operator only). */
    public Response getAsOperator(String path) {
        HttpRequest.Builder request = request(path).GET();
        authorize(request, OPERATOR, PASSWORD);
        return send(request.build());
    }

    /** POST with the demo operator's credentials. */
    public Response post(String path) {
        return post(path, null, OPERATOR, PASSWORD);
    }

    /**
     * POST with a JSON body (or none, with the {@code X-Requested-With} header a script sends instead)
     * and the given credentials (none when {@code user} is null).
     */
    public Response post(String path, String jsonBody, String user, String password) {
        HttpRequest.Builder request = request(path)
                .POST(
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        } else {
            request.header("X-Requested-With", "scale-poc-tests");
        }
        authorize(request, user, password);
        return send(request.build());
    }

    /**
     * What a cross-site HTML form makes a browser send: a simple POST ({@code
     * application/x-www-form-urlencoded}, a foreign {@code Origin}), with the Basic credentials the
     * browser has cached for this host.
     */
    public Response crossSiteFormPost(String path, String user, String password) {
        HttpRequest.Builder request = request(path)
                .POST(HttpRequest.BodyPublishers.ofString("reason=gotcha"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example");
        authorize(request, user, password);
        return send(request.build());
    }

    /** The response headers of a POST without credentials, to see whether it challenges a browser. */
    public java.util.Optional<String> challengeOf(String path) {
        try {
            return HTTP.send(
                            request(path)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .header("X-Requested-With", "scale-poc-tests")
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .headers()
                    .firstValue("WWW-Authenticate");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void authorize(HttpRequest.Builder request, String user, String password) {
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body(),
                    response.headers().firstValue("Location").orElse(null),
                    response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
