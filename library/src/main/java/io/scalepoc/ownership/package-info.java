/**
 * Ownership, the core: which replica holds which job. One {@code OwnershipMachine} per replica
 * decides every transition of every job ({@code JobPhase}); {@code JobOwnership} drives it from the
 * claim thread ({@code ClaimSweep}, the hand-over policies), the lock client's danger callbacks and the
 * job threads, and carries out its actions through the ports {@code LeaseStore}, {@code EpochStore}
 * and {@code JobEvents}. The epoch fence and the run token live here too. It may import {@code config}
 * and {@code support}; its adapters are {@code ownership.dynamodb} and {@code ownership.jdbc}.
 */
package io.scalepoc.ownership;
