/**
 * Monitoring: the self-monitor of every replica and the two lease-owned global monitors that
 * judge every job's lease from one scan, the safety audit, alerts (stored, logged, counted, sent to a
 * webhook) and the metrics. It may import {@code scheduling}, {@code control}, {@code execution},
 * {@code ownership}, {@code config} and {@code support}.
 */
package io.scalepoc.monitoring;
