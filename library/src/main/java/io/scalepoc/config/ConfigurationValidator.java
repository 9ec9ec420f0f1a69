package io.scalepoc.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Validates the whole {@code scalepoc.*} configuration before any bean is created, so that a bad
 * value stops start-up before a single connection to PostgreSQL or DynamoDB is opened, and so that
 * every problem is reported in one message.
 *
 * <p>It binds {@link ScalePocProperties} and {@link DeclarativeJobs} itself (Boot binds the former
 * again later for injection) and checks catalog entries against the {@code Job} bean definitions
 * by name (declarative jobs have theirs, registered before this runs), without instantiating them:
 * job beans need the job repository, which needs a migrated database. When it refuses start-up, it
 * first lets the {@link CatalogDatabaseCheck}s check the declarative jobs it found nothing wrong
 * with against the database, so that one report names the faults of both kinds.
 */
public class ConfigurationValidator implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Set<String> jobBeans = new TreeSet<>(Arrays.asList(beanFactory.getBeanNamesForType(Job.class, true, false)));
        List<String> problems = new ArrayList<>(problems(environment, jobBeans));
        if (!problems.isEmpty()) {
            problems.addAll(databaseProblems(beanFactory.getBeanClassLoader(), problems));
            throw new InvalidConfigurationException(problems);
        }
    }

    /**
     * What the database shows of the declarative jobs the other problems do not already name, so that
     * one report lists the faults of both kinds ({@link CatalogDatabaseCheck}).
     */
    private List<String> databaseProblems(ClassLoader classLoader, List<String> found) {
        DeclarativeJobs declarative;
        try {
            declarative = DeclarativeJobs.of(environment);
        } catch (RuntimeException e) {
            return List.of(); // its binding problem is reported already
        }
        List<String> unblamed = declarative.declared().keySet().stream()
                .filter(name -> found.stream()
                        .noneMatch(problem -> problem.startsWith("scalepoc.jobs." + name + ".")
                                || problem.startsWith("scalepoc.jobs." + name + ":")))
                .toList();
        List<String> problems = new ArrayList<>();
        for (CatalogDatabaseCheck check :
                SpringFactoriesLoader.loadFactories(CatalogDatabaseCheck.class, classLoader)) {
            problems.addAll(check.problems(environment, declarative, unblamed));
        }
        return problems;
    }

    /**
     * Every problem of the configuration in {@code environment}, given the names of the Job beans
     * (the declarative entries count as jobs too, and a Job bean of a declared name is a clash).
     */
    static List<String> problems(Environment environment, Set<String> jobBeans) {
        ScalePocProperties properties;
        try {
            properties = Binder.get(environment).bindOrCreate("scalepoc", ScalePocProperties.class);
        } catch (BindException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return List.of(e.getName() + ": cannot be bound: " + cause.getMessage());
        }
        List<String> problems = new ArrayList<>(properties.problems());
        DeclarativeJobs declarative;
        try {
            declarative = DeclarativeJobs.bind(environment);
        } catch (BindException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            return List.of(e.getName() + ": cannot be bound: " + cause.getMessage());
        }
        problems.addAll(declarative.problems());
        ConnectionPoolCheck.problem(environment, properties).ifPresent(problems::add);
        Set<String> declared = declarative.declared().keySet();
        Set<String> jobs = new TreeSet<>(jobBeans);
        jobs.addAll(declared); // made when first run, not beans
        properties.jobs().entrySet().stream()
                .filter(entry -> entry.getValue().enabled()) // a disabled entry may name a job this build lacks
                .map(Map.Entry::getKey)
                .filter(name -> !jobs.contains(name))
                .forEach(name -> problems.add("scalepoc.jobs." + name + ": there is no Spring Batch Job bean named '"
                        + name + "' (Job beans: " + (jobs.isEmpty() ? "none" : String.join(", ", jobs)) + ")"));
        declared.stream()
                .filter(jobBeans::contains)
                .forEach(name -> problems.add("scalepoc.jobs." + name
                        + " has a type, but a Java Job bean named '" + name
                        + "' exists too: remove the type (or rename one of them)"));
        return problems;
    }
}
