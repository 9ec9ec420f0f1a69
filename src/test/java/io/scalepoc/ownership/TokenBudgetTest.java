package io.scalepoc.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBudgetTest {

    @Test
    void shouldNeverReserveMoreThanTheCapacityCountingWeights() {
        TokenBudget budget = new TokenBudget(3);

        assertThat(budget.tryReserve(2)).isTrue();
        assertThat(budget.tryReserve(2)).isFalse();
        assertThat(budget.tryReserve(1)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
        assertThat(budget.used()).isEqualTo(3);
        assertThat(budget.free()).isZero();
    }

    @Test
    void shouldLetWeightlessJobsInOnlyWhenTheReplicaHasTokens() {
        assertThat(new TokenBudget(0).tryReserve(0)).isFalse();
        TokenBudget full = new TokenBudget(1);
        full.tryReserve(1);
        assertThat(full.tryReserve(0)).isTrue();
    }

    @Test
    void shouldFreeReleasedTokens() {
        TokenBudget budget = new TokenBudget(2);
        budget.tryReserve(2);

        budget.release(2);

        assertThat(budget.free()).isEqualTo(2);
        assertThat(budget.tryReserve(2)).isTrue();
    }

    @Test
    void shouldRefuseToReleaseMoreThanIsUsed() {
        TokenBudget budget = new TokenBudget(2);
        budget.tryReserve(1);

        assertThatThrownBy(() -> budget.release(2)).isInstanceOf(IllegalStateException.class);
    }
}
