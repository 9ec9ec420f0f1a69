/**
 * The replica's life: start-up order (claim after the schedules are ready), graceful shutdown
 * (drain, release every lease), and readiness. It may import {@code monitoring}, {@code scheduling},
 * {@code control}, {@code execution}, {@code ownership}, {@code config} and {@code support}.
 */
package io.scalepoc.lifecycle;
