/**
 * The execution adapter over the Spring Batch metadata: history queries, the run-id sequence, stop
 * requests and retention (of the metadata and of scale-poc's own records). It implements ports of
 * {@code execution} and may import {@code ownership}, {@code config} and {@code support}.
 */
package io.scalepoc.execution.jdbc;
