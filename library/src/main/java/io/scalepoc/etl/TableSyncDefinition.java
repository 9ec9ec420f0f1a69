package io.scalepoc.etl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An incremental table sync: which source table and columns to read, how to transform them, and
 * which target table and columns to upsert.
 *
 * <p>The source table must have change columns {@code row_txid} and {@code row_version} maintained
 * by the trigger function {@code source.track_row_change()} (see {@code db/migration}); the target
 * table must have a primary key or unique constraint on {@code keyColumn}, plus {@code
 * source_version} and {@code synced_at} columns.
 *
 * @param jobName the Spring Batch job name, also its catalog key
 * @param sourceTable schema-qualified source table
 * @param sourceColumns the columns the transform needs
 * @param targetTable schema-qualified target table
 * @param keyColumn the target's conflict key, one of {@code targetColumns}
 * @param targetColumns the columns the transform produces
 * @param transform source values to target values
 * @param chunkSize rows per chunk: per read page, per upsert batch and per transaction
 */
public record TableSyncDefinition(
        String jobName,
        String sourceTable,
        List<String> sourceColumns,
        String targetTable,
        String keyColumn,
        List<String> targetColumns,
        RowTransform transform,
        int chunkSize) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

    public TableSyncDefinition {
        Objects.requireNonNull(transform, "transform");
        sourceColumns = List.copyOf(sourceColumns);
        targetColumns = List.copyOf(targetColumns);
        List<String> identifiers = new ArrayList<>(List.of(sourceTable, targetTable, keyColumn));
        identifiers.addAll(sourceColumns);
        identifiers.addAll(targetColumns);
        for (String identifier : identifiers) {
            if (!IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException(
                        "Table sync '" + jobName + "': not a plain SQL identifier: '" + identifier + "'");
            }
        }
        if (!targetColumns.contains(keyColumn)) {
            throw new IllegalArgumentException(
                    "Table sync '" + jobName + "': key column '" + keyColumn + "' is not a target column");
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("Table sync '" + jobName + "': chunk size must be positive");
        }
    }
}
