package io.scalepoc.etl;

import io.scalepoc.config.DeclarativeJobs;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.env.Environment;

/**
 * Registers one {@code Job} bean per declarative catalog entry ({@code scalepoc.jobs.<name>.type}),
 * named after it and made by the {@link DeclarativeJobFactory}, so that the catalog finds it like a
 * Java job. An entry whose name a Java {@code Job} bean already has is left to that bean, and start-up
 * fails (the configuration validator reports it).
 */
public class DeclarativeJobRegistrar implements BeanDefinitionRegistryPostProcessor {

    private final Environment environment;

    public DeclarativeJobRegistrar(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        DeclarativeJobs.of(environment).declared().forEach((name, definition) -> {
            if (registry.containsBeanDefinition(name)) {
                return; // a Java Job bean of that name: the configuration validator reports the clash
            }
            RootBeanDefinition job = new RootBeanDefinition(Job.class);
            job.setFactoryBeanName(DeclarativeJobFactory.BEAN_NAME);
            job.setFactoryMethodName("create");
            job.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
            job.setAttribute(DeclarativeJobs.BEAN_ATTRIBUTE, definition.type());
            registry.registerBeanDefinition(name, job);
        });
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
}
