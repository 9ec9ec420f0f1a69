package io.scalepoc.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Resolves this replica's instance id: {@code scalepoc.instance-id} when set; else {@code HOSTNAME}
 * (the pod name in Kubernetes); else {@code host-pid-random}, unique enough for several replicas
 * started by hand on one laptop.
 */
public final class InstanceId {

    private InstanceId() {}

    public static String resolve(String configured, Map<String, String> environment) {
        return stable(configured, environment)
                .orElseGet(() -> localHostName() + "-" + ProcessHandle.current().pid() + "-"
                        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)));
    }

    /**
     * The instance id when it survives a restart of the process ({@code scalepoc.instance-id} or
     * {@code HOSTNAME}); empty when it would be random, so no predecessor can have used it.
     */
    public static Optional<String> stable(String configured, Map<String, String> environment) {
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured.trim());
        }
        String hostname = environment.get("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            return Optional.of(hostname.trim());
        }
        return Optional.empty();
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
