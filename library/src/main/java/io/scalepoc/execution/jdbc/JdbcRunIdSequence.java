package io.scalepoc.execution.jdbc;

import io.scalepoc.execution.RunIdSequence;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code run.id} from the sequence {@code datasync.job_run_id_seq}. */
public class JdbcRunIdSequence implements RunIdSequence {

    private final JdbcTemplate jdbc;

    public JdbcRunIdSequence(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public long next() {
        return jdbc.queryForObject("SELECT nextval('datasync.job_run_id_seq')", Long.class);
    }
}
