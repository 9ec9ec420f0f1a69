package io.scalepoc.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real PostgreSQL the tests run against (started by scripts/test.sh). Every test class gets
 * databases of its own, dropped when the JVM exits, so runs never see each other's state.
 * Connection: SCALEPOC_TEST_PG_HOST/PORT/USER/PASSWORD, default 127.0.0.1:5432 scalepoc/scalepoc
 * (a role with CREATEDB).
 */
public final class TestPostgres {

    private static final String HOST = env("SCALEPOC_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("SCALEPOC_TEST_PG_PORT", "5432");
    public static final String USER = env("SCALEPOC_TEST_PG_USER", "scalepoc");
    public static final String PASSWORD = env("SCALEPOC_TEST_PG_PASSWORD", "scalepoc");
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropCreated, "test-postgres-cleanup"));
    }

    private TestPostgres() {}

    /** Creates an empty database and returns its JDBC URL. */
    public static String createDatabase() {
        String name = "scalepoc_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        execute("CREATE DATABASE " + name);
        CREATED.add(name);
        return url(name);
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database + "?reWriteBatchedInserts=true";
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL for tests is not usable at " + HOST + ":" + PORT + " as '" + USER
                            + "' (run the tests through scripts/test.sh, which starts it): " + e.getMessage(),
                    e);
        }
    }

    private static void dropCreated() {
        for (String name : CREATED) {
            try {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException e) {
                // best effort at JVM exit
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
