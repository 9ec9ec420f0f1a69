package io.scalepoc.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.demo.DemoProperties;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * docs/configuration.md cannot drift: its {@code scalepoc.*} table must list exactly the properties
 * of the configuration records, each with the default a replica really gets (the records' defaults
 * as overridden by the packaged application.yml).
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("docs/configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(scalepoc\\.[^`]+)` \\| ([^|]+) \\|.*$");

    @Test
    void shouldDocumentEveryPropertyWithTheDefaultAReplicaGets() throws IOException {
        Map<String, String> actual = new TreeMap<>();
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        Binder binder = Binder.get(environment);
        walk("scalepoc", binder.bindOrCreate("scalepoc", ScalePocProperties.class), actual);
        walk("scalepoc.demo", binder.bindOrCreate("scalepoc.demo", DemoProperties.class), actual);
        walk(
                "scalepoc.jobs.<name>",
                new Binder(new MapConfigurationPropertySource(Map.of("x.type", "sql")))
                        .bindOrCreate("x", DeclarativeJobs.Definition.class),
                actual);

        assertThat(documented()).isEqualTo(actual);
    }

    private static Map<String, String> documented() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        for (String line : Files.readAllLines(DOC)) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                String cell = row.group(2).trim();
                Matcher value = Pattern.compile("`([^`]*)`").matcher(cell);
                rows.put(row.group(1), cell.startsWith("*(none)*") ? "(none)" : value.find() ? value.group(1) : cell);
            }
        }
        return rows;
    }

    private static void walk(String prefix, Object record, Map<String, String> out) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (component.getName().equals("jobs")) {
                JobProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of("x.enabled", "true")))
                        .bindOrCreate("x", JobProperties.class);
                walk(name + ".<name>", defaults, out);
            } else if (value instanceof Map<?, ?> map
                    && component.getGenericType() instanceof ParameterizedType type
                    && type.getActualTypeArguments()[1] == Duration.class) {
                out.put(
                        name + ".<name>",
                        new TreeMap<>(map)
                                .entrySet().stream()
                                        .map(entry -> entry.getKey() + "=" + render(entry.getValue()))
                                        .collect(Collectors.joining(", ")));
            } else if (value instanceof Map<?, ?> map && map.isEmpty()) {
                out.put(name + ".<column>", "(none)"); // table-sync columns: target column -> expression
            } else if (value instanceof java.util.Collection<?> list && list.isEmpty()) {
                out.put(name, "(none)");
            } else if (value != null && value.getClass().isRecord()) {
                walk(name, value, out);
            } else {
                out.put(name, render(value));
            }
        }
    }

    static String render(Object value) {
        if (value == null) {
            return "(none)";
        }
        if (value instanceof Duration duration) {
            Map<String, Duration> units = new LinkedHashMap<>();
            units.put("d", Duration.ofDays(1));
            units.put("h", Duration.ofHours(1));
            units.put("m", Duration.ofMinutes(1));
            units.put("s", Duration.ofSeconds(1));
            for (Map.Entry<String, Duration> unit : units.entrySet()) {
                if (!duration.isZero() && duration.toMillis() % unit.getValue().toMillis() == 0) {
                    return duration.toMillis() / unit.getValue().toMillis() + unit.getKey();
                }
            }
            return duration.isZero() ? "0s" : duration.toMillis() + "ms";
        }
        return String.valueOf(value);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
