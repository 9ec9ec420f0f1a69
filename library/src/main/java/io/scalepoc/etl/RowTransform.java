package io.scalepoc.etl;

import java.util.Map;

/**
 * The "T" of a table sync: source column values in, target column values out. Must return a row
 * for every input (no filtering), because the watermark advances to the last row of each chunk.
 */
@FunctionalInterface
public interface RowTransform {

    Map<String, Object> apply(Map<String, Object> source);
}
