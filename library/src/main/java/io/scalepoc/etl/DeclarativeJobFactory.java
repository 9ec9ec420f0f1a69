package io.scalepoc.etl;

import org.springframework.batch.core.job.Job;

/**
 * Makes the {@code Job} of a declarative catalog entry ({@code scalepoc.jobs.<name>.type}); the
 * adapter checks every declarative job against the database the first time one is made, and
 * stops start-up listing every problem.
 */
public interface DeclarativeJobFactory {

    /** The bean name the registrar's job beans are made by. */
    String BEAN_NAME = "declarativeJobFactory";

    Job create(String jobName);
}
