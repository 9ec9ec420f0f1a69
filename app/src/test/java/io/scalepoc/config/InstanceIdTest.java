package io.scalepoc.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceIdTest {

    @Test
    void shouldPreferTheConfiguredId() {
        assertThat(InstanceId.resolve(" replica-7 ", Map.of("HOSTNAME", "pod-abc")))
                .isEqualTo("replica-7");
    }

    @Test
    void shouldUseTheHostnameAsInKubernetes() {
        assertThat(InstanceId.resolve(null, Map.of("HOSTNAME", "scale-poc-7d9f-x2k")))
                .isEqualTo("scale-poc-7d9f-x2k");
    }

    @Test
    void shouldMakeAHostPidRandomIdThatDiffersBetweenProcessesAndCalls() {
        String first = InstanceId.resolve(null, Map.of());
        String second = InstanceId.resolve("", Map.of());

        assertThat(first).matches(".+-" + ProcessHandle.current().pid() + "-[0-9a-f]{4}");
        assertThat(second).matches(".+-" + ProcessHandle.current().pid() + "-[0-9a-f]{4}");
    }
}
