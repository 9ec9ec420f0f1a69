/**
 * Schedules of the jobs this replica owns: one tick loop per owned job and epoch ({@code
 * JobScheduler}, {@code TickLoop}); each tick ({@code JobTick}) reads the facts, lets the pure {@code
 * TickDecision} decide (release, wait, recover, run the oldest trigger, resume, run when due) and
 * carries it out between {@code runStarting} and {@code runEnded}. It may import {@code control},
 * {@code execution}, {@code ownership}, {@code config} and {@code support}.
 */
package io.scalepoc.scheduling;
