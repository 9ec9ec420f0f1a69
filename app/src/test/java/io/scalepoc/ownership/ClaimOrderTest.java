package io.scalepoc.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClaimOrderTest {

    private static final List<String> JOBS =
            IntStream.range(0, 60).mapToObj(i -> "job-" + i).toList();

    @Test
    void shouldGiveEachReplicaTheSameOrderEveryTime() {
        List<String> reversed = new java.util.ArrayList<>(JOBS);
        java.util.Collections.reverse(reversed);

        assertThat(ClaimOrder.forReplica("replica-a", JOBS)).isEqualTo(ClaimOrder.forReplica("replica-a", reversed));
    }

    @Test
    void shouldContainEveryJobOnce() {
        assertThat(ClaimOrder.forReplica("replica-a", JOBS)).containsExactlyInAnyOrderElementsOf(JOBS);
    }

    @Test
    void shouldStartDifferentReplicasOnDifferentJobs() {
        List<String> firstChoices = List.of("replica-a", "replica-b", "replica-c").stream()
                .map(replica -> ClaimOrder.forReplica(replica, JOBS).get(0))
                .distinct()
                .toList();

        assertThat(firstChoices).hasSize(3);
    }

    @Test
    void shouldKeepTheRelativeOrderOfJobsWhenTheCatalogGrows() {
        List<String> before = ClaimOrder.forReplica("replica-a", JOBS.subList(0, 30));
        List<String> after = ClaimOrder.forReplica("replica-a", JOBS).stream()
                .filter(before::contains)
                .toList();

        assertThat(after).isEqualTo(before);
    }
}
