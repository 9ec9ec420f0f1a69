package io.scalepoc.execution;

/** Source of {@code run.id}, the identifying job parameter, unique across the cluster. */
public interface RunIdSequence {

    long next();
}
