package io.scalepoc.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the early configuration check, and the catalog view of the configuration. */
@Configuration(proxyBeanMethods = false)
class ConfigurationConfiguration {

    @Bean
    static ConfigurationValidator scalePocConfigurationValidator() {
        return new ConfigurationValidator();
    }

    @Bean
    CatalogProperties catalogProperties(ScalePocProperties properties) {
        return properties.catalog();
    }
}
