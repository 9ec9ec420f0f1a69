package io.scalepoc.actuator;

import io.scalepoc.monitoring.SelfMonitor;
import io.scalepoc.ownership.JobOwnership;
import io.scalepoc.scheduling.JobScheduler;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code schedules} (liveness group): every job this replica owns has a live schedule. An owned job
 * without one would never run again while its lease keeps anyone else from running it, so a
 * replica in that state must be restarted.
 */
public class SchedulesHealthIndicator implements HealthIndicator {

    private final JobOwnership ownership;
    private final JobScheduler scheduler;

    public SchedulesHealthIndicator(JobOwnership ownership, JobScheduler scheduler) {
        this.ownership = ownership;
        this.scheduler = scheduler;
    }

    @Override
    public Health health() {
        List<String> dead = scheduler.deadSchedules(ownership.ownedJobs(), SelfMonitor.SCHEDULE_SETTLE);
        int owned = ownership.ownedJobs().size();
        return dead.isEmpty()
                ? Health.up().withDetail("ownedJobs", owned).build()
                : Health.down().withDetail("deadSchedules", dead).build();
    }
}
