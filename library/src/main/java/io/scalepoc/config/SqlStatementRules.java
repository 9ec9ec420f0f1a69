package io.scalepoc.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code type: sql} statement may not be, checked without a database: the runner runs a
 * job's statements in the step's one transaction and checks the epoch fence before it commits, so a
 * statement that ends or opens a transaction would let its writes escape the fence; one that changes
 * the session would outlive the run on a pooled connection; and one that cannot run inside a
 * transaction block fails every run. Each statement of an entry (an entry may hold several,
 * separated by {@code ;}) is judged by its leading keywords, with quotes, dollar quotes and comments
 * skipped. Procedures that commit are found against the database's catalog (see the declarative job
 * factory).
 */
public final class SqlStatementRules {

    private static final Set<String> TRANSACTION_CONTROL =
            Set.of("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE");
    private static final Set<String> SESSION = Set.of("RESET", "DISCARD", "LISTEN", "UNLISTEN", "LOAD", "DEALLOCATE");
    private static final Set<String> OUTSIDE_TRANSACTION = Set.of("VACUUM", "CHECKPOINT");
    private static final Pattern CONCURRENTLY =
            Pattern.compile("(?s)(CREATE|DROP)( UNIQUE)? INDEX CONCURRENTLY\\b.*|REINDEX\\b.*\\bCONCURRENTLY\\b.*");
    private static final Pattern OUTSIDE_TRANSACTION_DDL = Pattern.compile(
            "(?s)(CREATE|DROP) (DATABASE|TABLESPACE|SUBSCRIPTION)\\b.*|ALTER (SYSTEM|SUBSCRIPTION)\\b.*|CLUSTER( VERBOSE)?");
    private static final Pattern COPY_CLIENT = Pattern.compile("(?s)COPY\\b.*\\b(STDIN|STDOUT)\\b.*");
    private static final Pattern TEMP_TABLE = Pattern.compile("(?s)CREATE( (GLOBAL|LOCAL))? (TEMP|TEMPORARY) .*");
    private static final Pattern TRANSACTION_WORD = Pattern.compile("(?is).*\\b(COMMIT|ROLLBACK)\\b.*");

    private SqlStatementRules() {}

    /** Every rule {@code statement} (the entry at {@code property}) breaks; empty when it may run. */
    public static List<String> problems(String property, String statement) {
        List<String> problems = new ArrayList<>();
        for (String part : split(statement)) {
            String words = normalised(part);
            if (words.isEmpty()) {
                continue;
            }
            String first = words.split(" ", 2)[0];
            String why = why(first, words, part);
            if (why != null) {
                String shown = part.strip().replaceAll("\\s+", " ");
                problems.add(
                        property + ": '" + (shown.length() > 60 ? shown.substring(0, 57) + "..." : shown) + "' " + why);
            }
        }
        return problems;
    }

    private static String why(String first, String words, String part) {
        if (TRANSACTION_CONTROL.contains(first) || words.startsWith("PREPARE TRANSACTION")) {
            return "ends or opens a transaction: the runner runs the job's statements in one transaction and commits"
                    + " it after the epoch fence, so writes committed here would escape the fence";
        }
        if ((first.equals("SET") && !words.matches("SET (LOCAL|TRANSACTION|CONSTRAINTS)\\b.*"))
                || SESSION.contains(first)
                || first.equals("PREPARE")
                || (TEMP_TABLE.matcher(words).matches() && !words.contains("ON COMMIT DROP"))) {
            return "changes the session, which would outlive the run on a pooled connection: use SET LOCAL (or a"
                    + " temporary table ON COMMIT DROP)";
        }
        if (OUTSIDE_TRANSACTION.contains(first)
                || CONCURRENTLY.matcher(words).matches()
                || OUTSIDE_TRANSACTION_DDL.matcher(words).matches()) {
            return "cannot run inside a transaction block, and the job's statements run in one transaction: run it"
                    + " outside scale-poc (or without CONCURRENTLY)";
        }
        if (COPY_CLIENT.matcher(words).matches()) {
            return "copies from or to the client, which a declarative job is not: copy from table to table with"
                    + " INSERT ... SELECT";
        }
        if (first.equals("DO") && TRANSACTION_WORD.matcher(part).matches()) {
            return "commits or rolls back inside a DO block: its writes would escape the epoch fence (and"
                    + " PostgreSQL refuses it inside the step's transaction)";
        }
        return null;
    }

    /** The statement's keywords and identifiers in upper case, single-spaced, literals and comments dropped. */
    static String normalised(String statement) {
        StringBuilder words = new StringBuilder();
        int i = 0;
        int n = statement.length();
        while (i < n) {
            int skipped = skip(statement, i);
            if (skipped > i) {
                words.append(' ');
                i = skipped;
                continue;
            }
            char c = statement.charAt(i);
            words.append(Character.isWhitespace(c) ? ' ' : c);
            i++;
        }
        return words.toString()
                .replaceAll("([(),])", " $1 ")
                .trim()
                .replaceAll("\\s+", " ")
                .toUpperCase(Locale.ROOT);
    }

    /** The statements of an entry, split at semicolons outside quotes, dollar quotes and comments. */
    static List<String> split(String entry) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < entry.length()) {
            int skipped = skip(entry, i);
            if (skipped > i) {
                i = skipped;
            } else if (entry.charAt(i) == ';') {
                parts.add(entry.substring(start, i));
                start = ++i;
            } else {
                i++;
            }
        }
        parts.add(entry.substring(start));
        return parts;
    }

    /** The index after a quoted literal, identifier, dollar-quoted string or comment at {@code i}; {@code i} if none starts there. */
    private static int skip(String s, int i) {
        char c = s.charAt(i);
        if (c == '\'' || c == '"') {
            int end = i + 1;
            while (end < s.length()) {
                if (s.charAt(end) == c) {
                    if (end + 1 < s.length() && s.charAt(end + 1) == c) {
                        end += 2; // a doubled quote inside
                        continue;
                    }
                    return end + 1;
                }
                end++;
            }
            return s.length();
        }
        if (s.startsWith("--", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end + 1;
        }
        if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if (c == '$') {
            int close = s.indexOf('$', i + 1);
            if (close > i && s.substring(i + 1, close).matches("[A-Za-z_]*")) {
                String tag = s.substring(i, close + 1);
                int end = s.indexOf(tag, close + 1);
                return end < 0 ? s.length() : end + tag.length();
            }
        }
        return i;
    }
}
