/**
 * The monitoring adapter: {@code datasync.alert} and the safety audit's queries on PostgreSQL. It
 * implements ports of {@code monitoring} and may import what {@code monitoring} may.
 */
package io.scalepoc.monitoring.jdbc;
