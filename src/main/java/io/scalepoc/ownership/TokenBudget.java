package io.scalepoc.ownership;

/**
 * The X tokens of a replica. A job is reserved before its lease is requested and returned when the
 * lease is not granted, released or lost, so the weight of owned jobs can never exceed the
 * capacity, not even transiently. A replica with capacity 0 can reserve nothing, not even
 * weight-0 jobs: it owns nothing and only serves its endpoints.
 */
public final class TokenBudget {

    private final int capacity;
    private int used;

    public TokenBudget(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more: " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized boolean tryReserve(int weight) {
        if (weight < 0) {
            throw new IllegalArgumentException("weight must be 0 or more: " + weight);
        }
        if (capacity == 0 || used + weight > capacity) {
            return false;
        }
        used += weight;
        return true;
    }

    public synchronized void release(int weight) {
        if (weight < 0 || weight > used) {
            throw new IllegalStateException("cannot release " + weight + " of " + used + " used tokens");
        }
        used -= weight;
    }

    public int capacity() {
        return capacity;
    }

    public synchronized int used() {
        return used;
    }

    public synchronized int free() {
        return capacity - used;
    }
}
