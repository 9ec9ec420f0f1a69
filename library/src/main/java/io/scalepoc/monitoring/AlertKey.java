package io.scalepoc.monitoring;

/** What alerts are deduplicated by. {@code job} is empty for cluster-wide alerts. */
public record AlertKey(AlertType type, String job) {

    public static AlertKey cluster(AlertType type) {
        return new AlertKey(type, "");
    }
}
