package io.scalepoc.ownership.dynamodb;

import io.scalepoc.config.DynamoDbProperties;
import io.scalepoc.config.InstanceId;
import io.scalepoc.config.OwnershipProperties;
import io.scalepoc.config.ScalePocProperties;
import io.scalepoc.ownership.LeaseKey;
import io.scalepoc.ownership.LeaseRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Restart in place, made faster: the lease-long wait for proof that a predecessor with this
 * instance id is dead starts with the lease store's first look at its leases. The lease store bean
 * comes only after the JVM, Spring Boot and the auto-configuration have started (8–9 s on two
 * cores), so this listener creates the lease store as soon as the environment is known (about a
 * second after launch), on a thread of its own, observes the member lease, scans the lock table, and
 * hands the store to the {@code leaseStore} bean, which then uses it instead of creating one.
 *
 * <p>Only when the instance id is stable ({@code scalepoc.instance-id} or {@code HOSTNAME}): a
 * random id has no predecessor. Anything unusual (configuration that does not bind, a different
 * setting by the time the bean is made, a start-up that fails) just closes the early store; the
 * bean then creates its own, as without this listener. Registered in the library's {@code
 * META-INF/spring.factories}, so every application that has the library gets it.
 */
public class EarlyLeaseObservation implements ApplicationListener<ApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(EarlyLeaseObservation.class);
    static final String BEAN_NAME = "scalepocEarlyLeaseObservation";

    private volatile CompletableFuture<Early> early;
    private volatile boolean taken;

    /** What the early store was made for; the bean uses it only if its own settings are the same. */
    record Settings(
            DynamoDbProperties dynamodb, String owner, Duration lease, Duration heartbeat, int heartbeatThreads) {

        static Settings of(DynamoDbProperties dynamodb, OwnershipProperties ownership, String owner) {
            return new Settings(
                    dynamodb,
                    owner,
                    ownership.leaseDuration(),
                    ownership.heartbeatPeriod(),
                    ownership.heartbeatThreads());
        }
    }

    private record Early(
            Settings settings,
            DynamoDbLeaseStore store,
            ForwardingInterceptor metrics,
            boolean observedAll,
            Optional<Scan> scan) {}

    /** The lock table as the early scan read it, and when (monotonic clock, after it returned). */
    public record Scan(List<LeaseRecord> records, long atNanos) {}

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            start(Binder.get(prepared.getEnvironment()), System.getenv());
        } else if (event instanceof ApplicationPreparedEvent prepared && early != null) {
            prepared.getApplicationContext().getBeanFactory().registerSingleton(BEAN_NAME, this);
        } else if (event instanceof ApplicationFailedEvent || event instanceof ApplicationReadyEvent) {
            discard(); // unless the lease store bean took it
        }
    }

    private void start(Binder binder, Map<String, String> environment) {
        ScalePocProperties properties;
        try {
            properties = binder.bind("scalepoc", ScalePocProperties.class).orElse(null);
        } catch (RuntimeException e) {
            return; // start-up reports the configuration's problems itself
        }
        if (properties == null || !properties.problems().isEmpty()) {
            return;
        }
        Optional<String> stable = InstanceId.stable(properties.instanceId(), environment);
        if (stable.isEmpty()) {
            return;
        }
        String owner = stable.get();
        Settings settings = Settings.of(properties.dynamodb(), properties.ownership(), owner);
        List<LeaseKey> keys = predecessorKeys(owner);
        early = CompletableFuture.supplyAsync(() -> create(settings, keys, environment), runnable -> {
            Thread thread = new Thread(runnable, "scalepoc-early-lease-observation");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static Early create(Settings settings, List<LeaseKey> keys, Map<String, String> environment) {
        ForwardingInterceptor metrics = new ForwardingInterceptor();
        DynamoDbClient heartbeats = DynamoDbClients.create(settings.dynamodb(), environment, List.of(metrics));
        DynamoDbLeaseStore store = new DynamoDbLeaseStore(
                heartbeats,
                settings.dynamodb().tableName(),
                settings.owner(),
                settings.lease(),
                settings.heartbeat(),
                settings.heartbeatThreads(),
                true);
        boolean observedAll = store.observeAll(keys);
        Optional<Scan> scan = Optional.empty();
        try {
            List<LeaseRecord> records =
                    LockTable.scan(heartbeats, settings.dynamodb().tableName());
            scan = Optional.of(new Scan(records, System.nanoTime()));
        } catch (RuntimeException e) {
            log.debug("Early scan of the lock table failed: {}", e.toString());
        }
        if (observedAll && scan.isPresent()) {
            List<String> predecessors = scan.get().records().stream()
                    .filter(record -> settings.owner().equals(record.ownerName()))
                    .map(LeaseRecord::key)
                    .toList();
            log.info(
                    "Observed the lock table early in the start-up ({} leases; {}",
                    scan.get().records().size(),
                    predecessors.isEmpty()
                            ? "none under '" + settings.owner() + "')"
                            : predecessors.size() + " of them " + predecessors + " under this instance id '"
                                    + settings.owner() + "': if they were left by a previous process with this"
                                    + " instance id (a restart in place), they are taken over one lease from now)");
        }
        return new Early(settings, store, metrics, observedAll, scan);
    }

    /**
     * The lease the member lease store observes early: a predecessor's member lease, which {@link
     * io.scalepoc.ownership.MemberLease} takes over through the lock client one lease after this
     * observation. Job leases are observed by the early scan instead ({@link #scanned}), so the
     * claim sweeps take a predecessor's jobs over one lease after it, with one request for the
     * whole table.
     */
    static List<LeaseKey> predecessorKeys(String owner) {
        return List.of(LeaseKey.member(owner));
    }

    /** The early scan of the lock table, once it has been made (to seed {@link io.scalepoc.ownership.LeaseSightings}). */
    public Optional<Scan> scanned() {
        CompletableFuture<Early> pending = early;
        if (pending == null || !pending.isDone() || pending.isCompletedExceptionally()) {
            return Optional.empty();
        }
        return pending.join().scan();
    }

    /**
     * The early store when it was made for {@code settings}, is ready within {@code wait} and has
     * observed every lease, with {@code metrics} counting its requests from now on; otherwise empty,
     * and the early store is closed (the bean then makes one that observes the leases itself).
     */
    Optional<DynamoDbLeaseStore> take(Settings settings, ExecutionInterceptor metrics, Duration wait) {
        CompletableFuture<Early> pending = early;
        if (pending == null || taken) {
            return Optional.empty();
        }
        taken = true;
        try {
            Early ready = pending.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (ready.settings().equals(settings) && ready.observedAll()) {
                ready.metrics().forwardTo(metrics);
                return Optional.of(ready.store());
            }
            log.debug(
                    "Settings changed or leases unread since the early lease observation; creating the lease store again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Early lease observation unavailable: {}", e.toString());
        }
        pending.thenAccept(unused -> unused.store().close());
        return Optional.empty();
    }

    private void discard() {
        CompletableFuture<Early> pending = early;
        if (pending != null && !taken) {
            taken = true;
            pending.thenAccept(unused -> unused.store().close());
        }
    }

    /** Forwards to the request metrics once they exist (the early store predates the registry). */
    static final class ForwardingInterceptor implements ExecutionInterceptor {

        private volatile ExecutionInterceptor target;

        void forwardTo(ExecutionInterceptor target) {
            this.target = target;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            ExecutionInterceptor current = target;
            if (current != null) {
                current.afterExecution(context, attributes);
            }
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            ExecutionInterceptor current = target;
            if (current != null) {
                current.onExecutionFailure(context, attributes);
            }
        }
    }
}
