package io.scalepoc.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The settings scale-poc needs from Spring Batch, the actuator and the web server, as defaults of
 * the lowest precedence ({@code META-INF/scalepoc/defaults.yml}): the application's own {@code
 * application.yml}, its environment and its command line override each. Among them: Spring Batch's
 * metadata in our schema ({@code datasync.BATCH_}, created by our migrations), no job launched at
 * start-up by Boot (every replica would run every job), the actuator's probes and the {@code
 * ownership} endpoint, Spring Batch's launcher not logging parameter values.
 */
public class ScalePocDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "META-INF/scalepoc/defaults.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            for (PropertySource<?> defaults :
                    new YamlPropertySourceLoader().load("scalepoc-defaults", new ClassPathResource(RESOURCE))) {
                environment.getPropertySources().addLast(defaults);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read scale-poc's defaults " + RESOURCE, e);
        }
    }
}
