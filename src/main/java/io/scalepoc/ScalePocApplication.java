package io.scalepoc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A replica of scale-poc: owns a share of the job catalog through DynamoDB leases and runs it. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ScalePocApplication {

    public static void main(String[] args) {
        SpringApplication.run(ScalePocApplication.class, args);
    }
}
