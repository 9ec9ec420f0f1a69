package io.scalepoc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * scale-poc's own application: the library ({@code io.scalepoc:scale-poc-spring-boot-starter},
 * wired by its auto-configuration) plus the demo's Java job and data generator ({@code
 * io.scalepoc.demo}); the declarative catalog is configuration. Built on the library exactly as a
 * team's application is: it scans only its own package.
 */
@SpringBootApplication(scanBasePackages = "io.scalepoc.demo")
@ConfigurationPropertiesScan("io.scalepoc.demo")
public class ScalePocApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScalePocApplication.class, args);
    }
}
