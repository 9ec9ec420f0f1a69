package io.scalepoc.ownership;

/** Who this replica is, resolved once at start-up. */
public record ReplicaIdentity(String instanceId) {}
