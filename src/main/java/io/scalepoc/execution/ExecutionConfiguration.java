package io.scalepoc.execution;

import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.execution.jdbc.JdbcExecutionHistory;
import io.scalepoc.execution.jdbc.JdbcRunIdSequence;
import io.scalepoc.execution.jdbc.JdbcStopRequests;
import io.scalepoc.ownership.ClaimLoop;
import io.scalepoc.ownership.EpochStore;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.ownership.LeaseStore;
import io.scalepoc.ownership.MemberLease;
import io.scalepoc.ownership.ReplicaIdentity;
import io.scalepoc.scheduling.JobScheduler;
import java.time.Clock;
import java.util.Map;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class ExecutionConfiguration {

    @Bean
    JobCatalog jobCatalog(ScalePocProperties properties, Map<String, Job> jobs) {
        return new JobCatalog(properties, jobs);
    }

    @Bean
    JdbcExecutionHistory executionHistory(JdbcTemplate jdbc) {
        return new JdbcExecutionHistory(jdbc);
    }

    @Bean
    JdbcRunIdSequence runIdSequence(JdbcTemplate jdbc) {
        return new JdbcRunIdSequence(jdbc);
    }

    @Bean
    JdbcStopRequests stopRequests(JdbcTemplate jdbc) {
        return new JdbcStopRequests(jdbc);
    }

    @Bean
    JobRunner jobRunner(
            JobOperator operator,
            JobRepository repository,
            JobCatalog catalog,
            RunIdSequence runIds,
            EpochStore epochs,
            StopRequests stopRequests,
            ReplicaIdentity identity,
            ObjectProvider<ExecutionObserver> observers) {
        return new JobRunner(
                operator,
                repository,
                catalog,
                runIds,
                epochs,
                stopRequests,
                identity,
                observers.orderedStream().toList());
    }

    @Bean
    MetadataRetention metadataRetention(
            JdbcTemplate jdbc,
            JobRepository repository,
            PlatformTransactionManager transactionManager,
            Clock clock,
            ScalePocProperties properties) {
        return new MetadataRetention(
                jdbc,
                repository,
                transactionManager,
                clock,
                properties.audit().metadataRetention(),
                properties.audit().metadataPruningInterval());
    }

    @Bean
    ExecutionRecovery executionRecovery(
            JobOperator operator, JobRepository repository, JobRunner runner, ReplicaIdentity identity) {
        return new ExecutionRecovery(operator, repository, runner, identity);
    }

    @Bean
    ReplicaLifecycle replicaLifecycle(
            JobOwnership ownership,
            ClaimLoop claimLoop,
            JobScheduler scheduler,
            JobRunner runner,
            LeaseStore leases,
            MemberLease memberLease,
            ScalePocProperties properties,
            ApplicationEventPublisher events,
            Environment environment) {
        return new ReplicaLifecycle(
                ownership, claimLoop, scheduler, runner, leases, memberLease, properties, events, environment);
    }
}
