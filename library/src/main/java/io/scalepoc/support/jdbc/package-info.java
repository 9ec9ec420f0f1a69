/**
 * PostgreSQL plumbing every adapter shares: PostgreSQL's clock, LISTEN/NOTIFY, timestamp
 * conversions. It imports no other scale-poc package.
 */
package io.scalepoc.support.jdbc;
