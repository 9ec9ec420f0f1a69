package io.scalepoc.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@code scalepoc.*}, registers the early configuration check, and the catalog view of the
 * configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScalePocProperties.class)
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
