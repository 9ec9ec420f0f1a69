package io.scalepoc.ownership;

import java.time.Instant;

/**
 * A job's row in {@code job_epoch}: the owner that took the latest epoch, when (its clock), and when
 * it released the job if it did. A dead owner's row keeps saying it owns the job until the next
 * acquisition; the leases are the truth about who owns what now.
 */
public record EpochRecord(String jobName, long epoch, String owner, Instant acquiredAt, Instant releasedAt) {

    public boolean isReleased() {
        return releasedAt != null;
    }
}
