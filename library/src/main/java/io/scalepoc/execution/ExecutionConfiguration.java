package io.scalepoc.execution;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.ownership.EpochFence;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.ReplicaIdentity;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    @Bean
    JobCatalog jobCatalog(
            ScalePocProperties properties, Map<String, Job> jobs, ObjectProvider<JobSource> sources, EpochFence fence) {
        return new JobCatalog(
                properties.catalog(), jobs, sources.orderedStream().toList(), fence);
    }

    @Bean
    JobRunner jobRunner(
            JobOperator operator,
            JobRepository repository,
            JobCatalog catalog,
            RunIdSequence runIds,
            EpochStore epochs,
            LocalExecutions local,
            ReplicaIdentity identity,
            ObjectProvider<ExecutionObserver> observers) {
        return new JobRunner(
                operator,
                repository,
                catalog,
                runIds,
                epochs,
                local,
                identity,
                observers.orderedStream().toList());
    }

    @Bean
    LocalExecutions localExecutions(StopRequests stopRequests, ReplicaIdentity identity, JobOwnership ownership) {
        LocalExecutions local = new LocalExecutions(stopRequests, identity);
        ownership.addListener(local);
        return local;
    }

    @Bean
    ExecutionRecovery executionRecovery(
            JobOperator operator, JobRepository repository, LocalExecutions local, ReplicaIdentity identity) {
        return new ExecutionRecovery(operator, repository, local, identity);
    }
}
