package io.scalepoc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.scalepoc.config.DeclarativeJobs;
import io.scalepoc.config.ScalePocProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * What binding and checking a large declarative catalog costs before any bean exists
 * (docs/benchmarks.md, scale): catalogs of {@code bench.catalog.sizes} (1,000, 5,000, 10,000) {@code
 * sql} jobs in one YAML file, as {@code ScaleBenchmark} writes them, loaded the way Spring Boot loads
 * an additional config file; then each of the bindings start-up makes of the {@code scalepoc} tree
 * ({@link ScalePocProperties}, {@link DeclarativeJobs}) and their static checks, timed on their own,
 * and beside them the declarative part bound by Spring Boot's map binder, as start-up did before.
 * A benchmark: prints figures; asserts only that the catalog was bound whole.
 */
class CatalogBindingBenchmark {

    private static final List<Integer> SIZES = sizes(System.getProperty("bench.catalog.sizes", "1000,5000,10000"));

    @Test
    void bindsAndChecksLargeCatalogs() throws IOException {
        for (int size : SIZES) {
            StandardEnvironment environment = environment(catalogFile(size));

            long started = System.nanoTime();
            ScalePocProperties properties = Binder.get(environment).bindOrCreate("scalepoc", ScalePocProperties.class);
            long propertiesBound = System.nanoTime();
            List<String> problems = new ArrayList<>(properties.problems());
            long propertiesChecked = System.nanoTime();
            DeclarativeJobs declarative = DeclarativeJobs.of(environment);
            long declarativeBound = System.nanoTime();
            problems.addAll(declarative.problems());
            long declarativeChecked = System.nanoTime();
            // for comparison: the same tree through Spring Boot's map binder, as start-up bound it before
            DeclarativeJobs byMapBinder = Binder.get(environment).bindOrCreate("scalepoc", DeclarativeJobs.class);
            long mapBinderBound = System.nanoTime();

            assertThat(properties.jobs()).hasSize(size);
            assertThat(declarative.declared()).hasSize(size);
            assertThat(problems).isEmpty();
            assertThat(byMapBinder).isEqualTo(declarative);
            System.out.printf(
                    "RESULT catalog-binding jobs=%d bind_properties_s=%.3f check_properties_s=%.3f "
                            + "bind_declarative_s=%.3f check_declarative_s=%.3f total_s=%.3f "
                            + "(declarative through Boot's map binder: %.3f s)%n",
                    size,
                    seconds(started, propertiesBound),
                    seconds(propertiesBound, propertiesChecked),
                    seconds(propertiesChecked, declarativeBound),
                    seconds(declarativeBound, declarativeChecked),
                    seconds(started, declarativeChecked),
                    seconds(declarativeChecked, mapBinderBound));
        }
    }

    private static StandardEnvironment environment(Path catalog) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        for (PropertySource<?> source :
                new YamlPropertySourceLoader().load("catalog", new FileSystemResource(catalog))) {
            environment.getPropertySources().addLast(source);
        }
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    /** {@code count} declarative {@code sql} jobs, written as {@code ScaleBenchmark} writes its catalog. */
    private static Path catalogFile(int count) throws IOException {
        StringBuilder yaml = new StringBuilder("scalepoc:\n  jobs:\n");
        for (int i = 1; i <= count; i++) {
            yaml.append(String.format(
                    "    scale-%05d: {type: sql, sql: {statements: [\"SELECT 1\"]}, fixed-delay: 3600s, initial-delay: %dms}%n",
                    i, 3_600_000L * (i - 1) / count));
        }
        Path file =
                Path.of("target", "bench", "binding-catalog-" + count + ".yml").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
        return file;
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static List<Integer> sizes(String csv) {
        List<Integer> sizes = new ArrayList<>();
        for (String size : csv.split(",")) {
            sizes.add(Integer.parseInt(size.trim()));
        }
        return sizes;
    }
}
