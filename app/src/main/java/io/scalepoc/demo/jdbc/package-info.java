/**
 * The demo's data generator, which inserts and updates source rows so the syncs have work. Profile
 * {@code demo} only.
 */
package io.scalepoc.demo.jdbc;
