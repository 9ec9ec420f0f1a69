package io.scalepoc.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Binds the entries of {@code scalepoc.jobs} one at a time, each against only its own property
 * names, in time linear in the catalog.
 *
 * <p>Spring Boot's binder looks for the elements of every list and map (an entry's {@code
 * sql.statements}, {@code table-sync.columns}) by filtering every property name of every source:
 * a 10,000-job catalog has some 40,000 names, so binding it that way compares names about 10⁹
 * times (13–20 s on two cores, measured by {@code CatalogBindingBenchmark}). Here one pass over
 * the names groups them by entry; each entry is then bound by a {@link Binder} whose sources are
 * slices of the real ones (the entry's names only, values and origins read from the source itself,
 * placeholders resolved against the environment), in the sources' order of precedence. The result
 * is what binding the map would give: the same keys (each spelling of an entry's name, as the map
 * binder keeps them), in the same order, bound from the same values.
 */
final class CatalogEntryBinder {

    static final ConfigurationPropertyName JOBS = ConfigurationPropertyName.of("scalepoc.jobs");

    private CatalogEntryBinder() {}

    /**
     * Every entry of {@code scalepoc.jobs} in {@code environment}, bound to {@code type}.
     *
     * @throws org.springframework.boot.context.properties.bind.BindException naming the property
     *     that cannot be bound
     */
    static <T> Map<String, T> bind(Environment environment, Class<T> type) {
        List<ConfigurationPropertySource> opaque = new ArrayList<>();
        Map<ConfigurationPropertyName, Entry> entries = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                opaque.add(source); // answers lookups only; every entry's binder asks it too
                continue;
            }
            try (Stream<ConfigurationPropertyName> names = iterable.stream()) {
                names.filter(JOBS::isAncestorOf).forEach(name -> {
                    ConfigurationPropertyName root = name.chop(JOBS.getNumberOfElements() + 1);
                    entries.computeIfAbsent(root, Entry::new).add(source, name);
                });
            }
        }
        PropertySourcesPlaceholdersResolver placeholders = new PropertySourcesPlaceholdersResolver(environment);
        Map<String, T> bound = new LinkedHashMap<>();
        for (Entry entry : entries.values()) {
            List<ConfigurationPropertySource> sources = new ArrayList<>(entry.slices.values());
            sources.addAll(opaque);
            // an entry none of whose names is a property of the type is left out, as the map binder does
            new Binder(sources, placeholders)
                    .bind(entry.root, Bindable.of(type), BindHandler.DEFAULT)
                    .ifBound(value -> entry.keys.forEach(key -> bound.put(key, value)));
        }
        return bound;
    }

    /** One entry: its root name, the spellings of its key, and its names in each source. */
    private static final class Entry {

        final ConfigurationPropertyName root;
        final Set<String> keys = new LinkedHashSet<>();
        final Map<ConfigurationPropertySource, Slice> slices = new LinkedHashMap<>();

        Entry(ConfigurationPropertyName root) {
            this.root = root;
        }

        void add(ConfigurationPropertySource source, ConfigurationPropertyName name) {
            keys.add(name.getElement(JOBS.getNumberOfElements(), Form.ORIGINAL));
            slices.computeIfAbsent(source, Slice::new).names.add(name);
        }
    }

    /** Part of a source: the names of one entry; everything else is the source's own. */
    private static final class Slice implements IterableConfigurationPropertySource {

        private final ConfigurationPropertySource source;
        private final List<ConfigurationPropertyName> names = new ArrayList<>();

        Slice(ConfigurationPropertySource source) {
            this.source = source;
        }

        @Override
        public Stream<ConfigurationPropertyName> stream() {
            return names.stream();
        }

        @Override
        public ConfigurationProperty getConfigurationProperty(ConfigurationPropertyName name) {
            return source.getConfigurationProperty(name);
        }

        @Override
        public Object getUnderlyingSource() {
            return source.getUnderlyingSource();
        }
    }
}
