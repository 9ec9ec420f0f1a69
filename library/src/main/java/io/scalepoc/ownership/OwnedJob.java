package io.scalepoc.ownership;

import java.time.Instant;

/**
 * A job this replica owns: its lease, the epoch its acquisition produced, and since when (this
 * replica's clock; informational only).
 */
public record OwnedJob(String name, long epoch, int weight, Instant since, Lease lease) {}
