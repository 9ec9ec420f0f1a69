package io.scalepoc.monitoring;

import io.scalepoc.config.ScalePocProperties;
import org.springframework.batch.core.job.Job;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Registers one {@code Job} bean per global monitor ({@code scalepoc.monitoring.global-monitors}),
 * named after it and made by {@link MonitorJobFactory}, so that the job catalog finds monitors like
 * any job. Configuration it cannot bind is left to the configuration validator to report.
 */
class MonitorJobRegistrar implements BeanDefinitionRegistryPostProcessor {

    private final Environment environment;

    MonitorJobRegistrar(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        ScalePocProperties properties;
        try {
            properties = Binder.get(environment).bindOrCreate("scalepoc", ScalePocProperties.class);
        } catch (RuntimeException e) {
            return;
        }
        for (String monitor : properties.monitoring().globalMonitors().keySet()) {
            if (!properties.isMonitor(monitor) || registry.containsBeanDefinition(monitor)) {
                continue;
            }
            RootBeanDefinition definition = new RootBeanDefinition(Job.class);
            definition.setFactoryBeanName("monitorJobFactory");
            definition.setFactoryMethodName("create");
            definition.getConstructorArgumentValues().addIndexedArgumentValue(0, monitor);
            registry.registerBeanDefinition(monitor, definition);
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {}
}
