package io.scalepoc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scalepoc.testsupport.Api;
import io.scalepoc.testsupport.BatchMetadata;
import io.scalepoc.testsupport.BatchMetadata.Execution;
import io.scalepoc.testsupport.DemoData;
import io.scalepoc.testsupport.Replica;
import io.scalepoc.testsupport.Replica.Cluster;
import io.scalepoc.testsupport.ReplicaProcess;
import io.scalepoc.testsupport.SlowCustomersSync;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An owner frozen ({@code SIGSTOP}) in the middle of an execution for longer than its lease, the
 * shape of a long GC pause: a peer takes the job over and carries on; when the old owner wakes up
 * ({@code SIGCONT}) its in-flight chunk is rejected by the epoch fence, it starts no new run, and
 * it stays alive with nothing it no longer owns. And the same freeze at the worst moment, inside a
 * chunk transaction that holds the epoch row's share lock: the takeover does not wait for the
 * frozen owner to wake up.
 */
class PausedOwnerClusterTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final int ROWS = 600;

    @Test
    void shouldFenceAnOwnerThatWakesUpAfterATakeoverSoThatItCommitsNothing() throws Exception {
        Cluster cluster = Cluster.create();
        Map<String, Object> settings = SlowCustomersSync.onlyThisJob(LEASE, Map.of());
        try (ReplicaProcess sleeper = ReplicaProcess.startWith("sleeper", cluster, settings, SlowCustomersSync.class);
                Replica peer = SlowCustomersSync.peer("awake", cluster, LEASE).start()) {
            BatchMetadata metadata = new BatchMetadata(peer.jdbc());
            DemoData.seed(peer.jdbc(), ROWS);
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(
                            e -> e.owner().equals("sleeper") && e.status().equals("STARTED") && e.writeCount() >= 50));

            sleeper.pause();
            await().atMost(LEASE.plusSeconds(15)).until(() -> peer.ownedJobs().contains(SlowCustomersSync.JOB));
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(e -> e.owner().equals("awake") && e.writeCount() > 0));
            sleeper.resume();

            await().atMost(Duration.ofSeconds(30)).until(() -> sleeper.log()
                    .contains("Fenced: job '" + SlowCustomersSync.JOB
                            + "' execution carries epoch 1 but the current epoch is 2"));
            // It reports giving the job up: through its session monitor (the lease was in danger) or, if a
            // sweep noticed first, as a lost lease.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> sleeper.log()
                                    .contains("Lease of job '" + SlowCustomersSync.JOB + "' (epoch 1) is in danger")
                            || sleeper.log()
                                    .contains("Lost the lease of job '" + SlowCustomersSync.JOB + "' (epoch 1)"));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(peer.jdbc()).get("customers") == 0
                            && metadata.executions(SlowCustomersSync.JOB).stream()
                                    .noneMatch(e -> e.status().equals("STARTED")));

            List<Execution> bySleeper = metadata.executions(SlowCustomersSync.JOB).stream()
                    .filter(e -> e.owner().equals("sleeper"))
                    .toList();
            Execution interrupted = bySleeper.stream()
                    .filter(e -> e.writeCount() >= 50)
                    .findFirst()
                    .orElseThrow();
            assertThat(interrupted.status()).isEqualTo("FAILED");
            assertThat(interrupted.exitMessage())
                    .contains("Superseded: replica 'sleeper' lost job '" + SlowCustomersSync.JOB
                            + "' at epoch 1 to epoch 2");
            assertThat(bySleeper)
                    .as("the sleeper started no run after it woke up")
                    .allSatisfy(e -> assertThat(e.id()).isLessThanOrEqualTo(interrupted.id()));
            assertThat(sleeper.ownedJobs()).isEmpty();
            assertThat(sleeper.get("/actuator/health")).contains("\"status\":\"UP\"");
            assertThat(metadata.executions(SlowCustomersSync.JOB).stream()
                            .filter(e -> e.owner().equals("awake")))
                    .allSatisfy(e -> assertThat(e.epoch()).isEqualTo(2));

            // the job's story tells the takeover without SQL
            Api api = new Api(peer.port());
            await().atMost(Duration.ofSeconds(10)).until(() -> eventTypes(api).stream()
                    .anyMatch(type -> type.equals("LOST") || type.equals("LEASE_IN_DANGER")));
            assertThat(eventTypes(api))
                    .containsSubsequence("ACQUIRED", "ACQUIRED")
                    .contains("SUPERSEDED");
        }
    }

    private static List<String> eventTypes(Api api) {
        List<String> types = new java.util.ArrayList<>();
        api.get("/api/jobs/" + SlowCustomersSync.JOB + "/events")
                .json()
                .forEach(event -> types.add(event.get("type").asText()));
        return types;
    }

    /**
     * The fence's share lock on the epoch row makes a takeover wait for a committing chunk. Frozen
     * right there, the owner would block the adopter's epoch advance (and its whole claim thread)
     * for as long as the freeze lasts; PostgreSQL must end the frozen transaction instead. A trigger
     * on the chunk log (the last write of a chunk) holds each chunk transaction open for half a
     * second, so that the freeze lands inside one; the test checks that it did.
     */
    @Test
    void shouldTakeOverWithoutWaitingForAnOwnerFrozenInsideAChunkTransaction() throws Exception {
        Cluster cluster = Cluster.create();
        Map<String, Object> settings = SlowCustomersSync.onlyThisJob(LEASE, Map.of("scalepoc.test.row-cost", "2ms"));
        try (ReplicaProcess sleeper = ReplicaProcess.startWith("sleeper", cluster, settings, SlowCustomersSync.class);
                Replica peer = SlowCustomersSync.peer("awake", cluster, LEASE).start()) {
            JdbcTemplate jdbc = peer.jdbc();
            BatchMetadata metadata = new BatchMetadata(jdbc);
            installChunkCommitDelay(jdbc);
            setChunkCommitDelay(jdbc, 0.5);
            DemoData.seed(jdbc, ROWS);

            long frozenSession = freezeInsideAFencedTransaction(sleeper, jdbc);
            setChunkCommitDelay(jdbc, 0);
            await("the peer owns the job while the owner is still frozen")
                    .atMost(LEASE.plusSeconds(15))
                    .until(() -> peer.ownedJobs().contains(SlowCustomersSync.JOB));
            await().atMost(Duration.ofSeconds(30)).until(() -> metadata.executions(SlowCustomersSync.JOB).stream()
                    .anyMatch(e -> e.owner().equals("awake") && e.writeCount() > 0));
            assertThat(jdbc.queryForObject(
                            "SELECT count(*) FROM pg_stat_activity WHERE pid = ?", Long.class, frozenSession))
                    .as("the frozen owner's session, ended by PostgreSQL")
                    .isZero();
            sleeper.resume();

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> DemoData.mismatches(jdbc).get("customers") == 0
                            && metadata.executions(SlowCustomersSync.JOB).stream()
                                    .noneMatch(e -> e.status().equals("STARTED")));
            await("the woken owner gives the job up")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> sleeper.ownedJobs().isEmpty());
            assertThat(metadata.chunksCommittedUnderAStaleEpoch()).isZero();
            Execution interrupted = metadata.executions(SlowCustomersSync.JOB).stream()
                    .filter(e -> e.owner().equals("sleeper"))
                    .max(Comparator.comparingLong(Execution::id))
                    .orElseThrow();
            assertThat(interrupted.status()).isEqualTo("FAILED");
            assertThat(interrupted.exitMessage())
                    .contains("Superseded: replica 'sleeper' lost job '" + SlowCustomersSync.JOB
                            + "' at epoch 1 to epoch 2");
            assertThat(sleeper.get("/actuator/health")).contains("\"status\":\"UP\"");
        }
    }

    /** Holds every chunk transaction open for a while after its last write, per {@link #setChunkCommitDelay}. */
    private static void installChunkCommitDelay(JdbcTemplate jdbc) {
        jdbc.execute(
                """
                CREATE TABLE public.chunk_commit_delay (seconds double precision NOT NULL);
                INSERT INTO public.chunk_commit_delay VALUES (0);
                CREATE FUNCTION public.delay_chunk_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_sleep((SELECT seconds FROM public.chunk_commit_delay));
                    RETURN NULL;
                END $$;
                CREATE TRIGGER delay_chunk_commit AFTER INSERT ON datasync.sync_chunk_log
                    FOR EACH STATEMENT EXECUTE FUNCTION public.delay_chunk_commit();
                """);
    }

    private static void setChunkCommitDelay(JdbcTemplate jdbc, double seconds) {
        jdbc.update("UPDATE public.chunk_commit_delay SET seconds = ?", seconds);
    }

    /**
     * Pauses {@code owner} while one of its chunk transactions holds the fence's share lock, and
     * waits until that transaction is idle (the client frozen, not merely a statement running).
     * If the freeze came just after a commit, it resumes and tries again.
     *
     * @return the PostgreSQL process of the frozen transaction
     */
    private static long freezeInsideAFencedTransaction(ReplicaProcess owner, JdbcTemplate jdbc) throws Exception {
        for (int attempt = 1; attempt <= 5; attempt++) {
            long session = await("a chunk transaction holding the fence's lock")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> fenceHolder(jdbc), Optional::isPresent)
                    .orElseThrow();
            owner.pause();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> fenceHolder(jdbc).isEmpty() || idleInTransaction(jdbc, session));
            if (fenceHolder(jdbc).equals(Optional.of(session)) && idleInTransaction(jdbc, session)) {
                return session;
            }
            owner.resume();
        }
        throw new IllegalStateException("could not freeze the owner inside a chunk transaction in 5 attempts");
    }

    private static Optional<Long> fenceHolder(JdbcTemplate jdbc) {
        return jdbc
                .queryForList(
                        """
                SELECT l.pid FROM pg_locks l
                 WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND l.relation = 'datasync.job_epoch'::regclass AND l.mode = 'RowShareLock' AND l.granted
                   AND l.pid <> pg_backend_pid()
                """,
                        Long.class)
                .stream()
                .findFirst();
    }

    private static boolean idleInTransaction(JdbcTemplate jdbc, long session) {
        return jdbc.queryForObject(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'idle in transaction'",
                        Long.class,
                        session)
                > 0;
    }
}
