package io.scalepoc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The library's property metadata (what an IDE completes for {@code scalepoc.*}) describes every
 * property in the words of docs/configuration.md: the committed {@code
 * additional-spring-configuration-metadata.json} is generated from the table, and the metadata
 * Spring Boot's configuration processor built into the library's jar carries those descriptions.
 * When the table changes, this test writes the new file to {@code target/} and says where to copy it.
 */
class ConfigurationMetadataTest {

    private static final Path DOC = Path.of("docs/configuration.md");
    private static final Path COMMITTED =
            Path.of("library/src/main/resources/META-INF/additional-spring-configuration-metadata.json");
    private static final Path GENERATED = Path.of("target/additional-spring-configuration-metadata.json");
    private static final Pattern ROW = Pattern.compile("^\\| `(scalepoc\\.[a-z.<>-]+)` \\| [^|]+ \\| (.+) \\|$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldDescribeEveryPropertyInTheWordsOfTheConfigurationTable() throws IOException {
        Map<String, String> documented = documented();
        assertThat(documented).containsKeys("scalepoc.tokens", "scalepoc.ownership.lease-duration");

        ObjectNode expected = JSON.createObjectNode();
        ArrayNode properties = expected.putArray("properties");
        documented.forEach(
                (name, description) -> properties.addObject().put("name", name).put("description", description));
        String expectedText = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(expected) + "\n";
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "";
        if (!committed.equals(expectedText)) {
            Files.createDirectories(GENERATED.getParent());
            Files.writeString(GENERATED, expectedText);
        }
        assertThat(committed)
                .as("%s is generated from %s: copy %s over it", COMMITTED, DOC, GENERATED)
                .isEqualTo(expectedText);

        Map<String, String> built = new LinkedHashMap<>();
        try (InputStream metadata =
                ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(metadata).as("the library's generated metadata").isNotNull();
            for (JsonNode property : JSON.readTree(metadata).get("properties")) {
                if (property.get("name").asString().startsWith("scalepoc.")) {
                    built.put(
                            property.get("name").asString(),
                            property.path("description").asString(""));
                }
            }
        }
        // every property the processor found (the records' components) is in the table, in its words
        assertThat(built).isNotEmpty();
        built.forEach((name, description) ->
                assertThat(description).as(name).isEqualTo(documented.getOrDefault(name, name + " is not in " + DOC)));
    }

    /**
     * The table's {@code scalepoc.*} rows, name → plain text; a map is described by its {@code
     * <name>} row ({@code scalepoc.monitoring.global-monitors}) or, the catalog, by where its
     * entries' rows are. The demo's properties belong to the application, not the library.
     */
    private static Map<String, String> documented() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put(
                "scalepoc.jobs",
                "The job catalog: one entry per job, by name; its settings are the "
                        + "scalepoc.jobs.<name>.* rows of docs/configuration.md.");
        for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (!row.matches() || row.group(1).startsWith("scalepoc.demo.")) {
                continue;
            }
            String name = row.group(1);
            if (name.endsWith(".<name>")) {
                rows.put(name.substring(0, name.length() - ".<name>".length()), plain(row.group(2)));
            } else if (!name.contains("<")) {
                rows.put(name, plain(row.group(2)));
            }
        }
        return rows;
    }

    private static String plain(String markdown) {
        String text = markdown.replaceAll("\\[([^]]+)]\\([^)]+\\)", "$1")
                .replace("`", "")
                .replace("**", "")
                .replace("*", "")
                .replace("\\|", "|")
                .trim();
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + (text.endsWith(".") ? "" : ".");
    }
}
