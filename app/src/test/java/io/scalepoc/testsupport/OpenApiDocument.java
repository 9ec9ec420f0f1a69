package io.scalepoc.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API's OpenAPI document against the copy committed in {@code docs/openapi.json}: a controller
 * that changes without the document following fails the test, which writes the new document to
 * {@code target/openapi.json} for review.
 */
public final class OpenApiDocument {

    public static final Path COMMITTED = Path.of("docs/openapi.json");
    private static final Path GENERATED = Path.of("target/openapi.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenApiDocument() {}

    /** The document without its {@code servers} (which name the replica's random port). */
    public static JsonNode withoutServers(String document) {
        ObjectNode node = (ObjectNode) JSON.readTree(document);
        node.remove("servers");
        return node;
    }

    public static void assertMatchesCommitted(JsonNode served) {
        JsonNode committed;
        try {
            committed = Files.exists(COMMITTED) ? JSON.readTree(Files.readString(COMMITTED)) : null;
            if (!served.equals(committed)) {
                Files.writeString(
                        GENERATED, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!served.equals(committed)) {
            fail("The API changed but " + COMMITTED + " did not follow: review " + GENERATED
                    + " (the document a replica serves at /v3/api-docs) and copy it over " + COMMITTED);
        }
    }
}
