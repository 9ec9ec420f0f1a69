package io.scalepoc.etl;

import io.scalepoc.execution.JobSource;

/**
 * Makes the {@code Job} of a declarative catalog entry ({@code scalepoc.jobs.<name>.type}) when the
 * replica first runs it; the adapter checks every declarative job against the database at start-up
 * ({@link #problems()}), and start-up stops listing every problem.
 */
public interface DeclarativeJobFactory extends JobSource {}
