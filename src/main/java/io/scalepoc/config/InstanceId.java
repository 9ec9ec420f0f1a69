package io.scalepoc.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Resolves this replica's instance id: {@code scalepoc.instance-id} when set; else {@code HOSTNAME}
 * (the pod name in Kubernetes); else {@code host-pid-random}, unique enough for several replicas
 * started by hand on one laptop.
 */
public final class InstanceId {

    private InstanceId() {}

    public static String resolve(String configured, Map<String, String> environment) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        String hostname = environment.get("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            return hostname.trim();
        }
        return localHostName() + "-" + ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
