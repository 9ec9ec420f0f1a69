package io.scalepoc.execution;

import java.util.List;
import java.util.Set;
import org.springframework.batch.core.job.Job;

/**
 * Catalog jobs that are not beans but made the first time this replica runs them: the declarative
 * entries ({@code type: table-sync} / {@code sql}), so that a replica of a 10,000-job catalog builds
 * the jobs it owns, not every job. The {@link JobCatalog} checks them all at start-up ({@link
 * #problems()}), and fences each job's steps when it is made.
 */
public interface JobSource {

    /** The names of the jobs this source makes. */
    Set<String> names();

    /** Every problem of these jobs against what they need (the database), listed at start-up; empty when none. */
    List<String> problems();

    /** A new {@code Job} named {@code name}, one of {@link #names()}. */
    Job create(String name);
}
