-- Fair balancing: each replica publishes with its check-in how far below its fair share it is by its
-- own view of the cluster; a replica hands a job over only to a member whose own view says it would
-- take it (replicas whose catalogs differ, during a rolling deploy, would otherwise trade a job back
-- and forth, each time leaving it unowned for about a lease).
ALTER TABLE datasync.replica_presence ADD COLUMN deficit INT;
