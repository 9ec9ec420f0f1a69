/**
 * The ETL adapter: watermarks, the chunk audit, the set-based sync inside PostgreSQL, the {@code
 * sql} tasklet, and the checks of declarative jobs against the database (at the first job made, and
 * early, with the configuration validator's report). It may import what {@code etl} may.
 */
package io.scalepoc.etl.jdbc;
