package io.scalepoc.etl;

/** Watermarks of table-sync jobs. */
public interface WatermarkStore {

    /** The job's committed watermark ({@link Watermark#START} for a new job). */
    Watermark load(String jobName);

    /** Moves the watermark; called inside the chunk transaction that wrote the rows up to it. */
    void advance(String jobName, Watermark to, int rows);
}
