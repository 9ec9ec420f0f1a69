package io.scalepoc.control.jdbc;

import static io.scalepoc.support.jdbc.JdbcTimes.instant;

import io.scalepoc.control.JobControl;
import io.scalepoc.control.JobControlStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link JobControlStore} over {@code datasync.job_control}; times are PostgreSQL's. */
public class JdbcJobControlStore implements JobControlStore {

    /** The job's control row; {@code trigger_requested_at} is when its oldest waiting trigger was accepted. */
    private static final String COLUMNS =
            """
            c.job_name, c.paused, c.paused_by, c.paused_at, c.pause_reason, c.release_requested_at,
            (SELECT min(t.requested_at) FROM datasync.job_trigger t
              WHERE t.job_name = c.job_name AND t.state = 'PENDING') AS trigger_requested_at
            """;

    private final JdbcTemplate jdbc;

    public JdbcJobControlStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public JobControl get(String jobName) {
        List<JobControl> rows = jdbc.query(
                "SELECT " + COLUMNS + " FROM datasync.job_control c WHERE c.job_name = ?",
                JdbcJobControlStore::control,
                jobName);
        return rows.isEmpty() ? JobControl.none(jobName) : rows.get(0);
    }

    @Override
    public Map<String, JobControl> all() {
        Map<String, JobControl> all = new LinkedHashMap<>();
        jdbc.query("SELECT " + COLUMNS + " FROM datasync.job_control c ORDER BY c.job_name", (ResultSet rs) -> {
            JobControl control = control(rs, 0);
            all.put(control.jobName(), control);
        });
        return all;
    }

    @Override
    public boolean pause(String jobName, String by, String reason) {
        return jdbc.update(
                        """
                        INSERT INTO datasync.job_control AS c (job_name, paused, paused_by, paused_at, pause_reason)
                        VALUES (?, true, ?, clock_timestamp(), ?)
                        ON CONFLICT (job_name) DO UPDATE
                           SET paused = true, paused_by = excluded.paused_by, paused_at = excluded.paused_at,
                               pause_reason = excluded.pause_reason, updated_at = clock_timestamp()
                         WHERE NOT c.paused
                        """,
                        jobName,
                        by,
                        reason)
                == 1;
    }

    @Override
    public boolean resume(String jobName, String by) {
        return jdbc.update(
                        """
                        UPDATE datasync.job_control
                           SET paused = false, paused_by = ?, paused_at = clock_timestamp(), pause_reason = NULL,
                               updated_at = clock_timestamp()
                         WHERE job_name = ? AND paused
                        """,
                        by,
                        jobName)
                == 1;
    }

    @Override
    public void requestRelease(String jobName, String by) {
        request("release", jobName, by);
    }

    @Override
    public boolean takeRelease(String jobName) {
        return take("release", jobName);
    }

    /** Records a {@code kind} ("trigger" or "release") request: columns {@code <kind>_requested_at/_by}. */
    private void request(String kind, String jobName, String by) {
        jdbc.update(
                """
                INSERT INTO datasync.job_control (job_name, %1$s_requested_at, %1$s_requested_by)
                VALUES (?, clock_timestamp(), ?)
                ON CONFLICT (job_name) DO UPDATE
                   SET %1$s_requested_at = excluded.%1$s_requested_at,
                       %1$s_requested_by = excluded.%1$s_requested_by, updated_at = clock_timestamp()
                """
                        .formatted(kind),
                jobName,
                by);
    }

    /** Clears a pending {@code kind} request; true when there was one (so only one tick carries it out). */
    private boolean take(String kind, String jobName) {
        return jdbc.update(
                        """
                        UPDATE datasync.job_control SET %1$s_requested_at = NULL, updated_at = clock_timestamp()
                         WHERE job_name = ? AND %1$s_requested_at IS NOT NULL
                        """
                                .formatted(kind),
                        jobName)
                == 1;
    }

    private static JobControl control(ResultSet rs, int row) throws SQLException {
        return new JobControl(
                rs.getString("job_name"),
                rs.getBoolean("paused"),
                rs.getString("paused_by"),
                instant(rs.getTimestamp("paused_at")),
                rs.getString("pause_reason"),
                instant(rs.getTimestamp("trigger_requested_at")),
                instant(rs.getTimestamp("release_requested_at")));
    }
}
