/**
 * The ETL jobs: the Java table sync (keyset reader, transform, upsert writer), declarative jobs made
 * from the catalog ({@code type: table-sync}, {@code type: sql}; made when first run, through
 * {@code execution.JobSource}) and the watermarks. It may import {@code execution}, {@code ownership},
 * {@code config} and {@code support}; nothing imports it.
 */
package io.scalepoc.etl;
