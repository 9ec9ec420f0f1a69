/**
 * The control adapter: {@code datasync.job_control}, {@code datasync.job_trigger} and NOTIFY
 * {@code scalepoc_job_control} on PostgreSQL. It implements ports of {@code control} and may import
 * what {@code control} may.
 */
package io.scalepoc.control.jdbc;
