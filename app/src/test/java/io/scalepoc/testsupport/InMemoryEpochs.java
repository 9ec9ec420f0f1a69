package io.scalepoc.testsupport;

import io.scalepoc.ownership.EpochRecord;
import io.scalepoc.ownership.EpochStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Epochs in memory for unit tests: counted per job, releases recorded as {@code job@epoch}; can be made to fail. */
public final class InMemoryEpochs implements EpochStore {

    private final Map<String, Long> epochs = new ConcurrentHashMap<>();
    private final List<String> released = new ArrayList<>();
    private volatile boolean failing;

    /** From now on, advancing an epoch fails as it does when PostgreSQL is down. */
    public void fail() {
        failing = true;
    }

    /** Every release recorded, as {@code job@epoch}. */
    public synchronized List<String> released() {
        return List.copyOf(released);
    }

    @Override
    public long advance(String jobName, String owner) {
        if (failing) {
            throw new IllegalStateException("PostgreSQL is down");
        }
        return epochs.merge(jobName, 1L, Long::sum);
    }

    @Override
    public OptionalLong current(String jobName) {
        Long epoch = epochs.get(jobName);
        return epoch == null ? OptionalLong.empty() : OptionalLong.of(epoch);
    }

    @Override
    public synchronized void markReleased(String jobName, long epoch) {
        released.add(jobName + "@" + epoch);
    }

    @Override
    public Map<String, EpochRecord> records() {
        return Map.of();
    }
}
