package io.scalepoc.etl;

import java.util.Map;

/** One source row in flight: its change position and its column values (source or transformed). */
public record SyncRow(long txid, long version, Map<String, Object> values) {

    public Watermark position() {
        return new Watermark(txid, version);
    }
}
