package io.scalepoc;

import io.scalepoc.ownership.dynamodb.EarlyLeaseObservation;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.DependsOn;

/**
 * A replica of scale-poc: owns a share of the job catalog through DynamoDB leases and runs it.
 *
 * <p>The lease store is the first bean created: it observes the leases a predecessor with the same
 * instance id may have left (a pod restarted in place), and the lease-long wait for their proof of
 * death starts with that observation, so it should overlap as much of the start-up as it can;
 * {@link EarlyLeaseObservation} starts it as soon as the environment is known and hands the lease
 * store to the bean.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@DependsOn("leaseStore")
public class ScalePocApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ScalePocApplication.class);
        application.addListeners(new EarlyLeaseObservation());
        application.run(args);
    }
}
