/**
 * Pause, resume, trigger and release, as any replica receives them ({@code ControlService}): the
 * control state ({@code JobControlStore}), the trigger queue ({@code TriggerQueue}: each accepted
 * trigger its own entry, run once by the owner, oldest first) and the channel that wakes the owner. It
 * may import {@code execution}, {@code ownership}, {@code config} and {@code support}.
 */
package io.scalepoc.control;
