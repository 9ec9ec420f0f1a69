/**
 * The epoch adapter: {@code datasync.job_epoch} (the fence), {@code job_epoch_history}, {@code
 * job_event}, the database check and the release notifications, on PostgreSQL. It implements ports of
 * {@code ownership} and may import {@code config} and {@code support}.
 */
package io.scalepoc.ownership.jdbc;
