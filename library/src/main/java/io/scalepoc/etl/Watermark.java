package io.scalepoc.etl;

/**
 * A keyset position over a source's change columns {@code (row_txid, row_version)}: the sync has
 * committed every row at or before it.
 */
public record Watermark(long txid, long version) {

    public static final Watermark START = new Watermark(0, 0);
}
