/**
 * The ETL jobs: the Java table sync (keyset reader, transform, upsert writer), declarative jobs made
 * from the catalog ({@code type: table-sync}, {@code type: sql}) and the watermarks. It may import
 * {@code ownership}, {@code config} and {@code support}; nothing imports it (its jobs are {@code Job}
 * beans like a team's own).
 */
package io.scalepoc.etl;
