/**
 * The library's entry point in a Spring Boot application: the auto-configuration (listed in {@code
 * META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}) and the
 * defaults it adds to the environment. It may name every capability's package; no package imports
 * it.
 */
package io.scalepoc.autoconfigure;
