/**
 * Running one job: the catalog of enabled {@code Job} beans with the epoch fence put into every
 * step ({@code JobCatalog}, {@code StepFencing}, failing closed on steps it cannot fence), the launch
 * with {@code run.id}, {@code owner} and {@code epoch} ({@code JobRunner}), the outcome, recovery of
 * executions a dead owner left running, and the history the monitors and the API read. It may import
 * {@code ownership}, {@code config} and {@code support}.
 */
package io.scalepoc.execution;
