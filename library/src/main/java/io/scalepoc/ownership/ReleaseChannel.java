package io.scalepoc.ownership;

import java.util.function.Consumer;

/** Announcements of released leases, both ways: announce ours, hear the peers'. */
public interface ReleaseChannel extends ReleaseAnnouncer {

    /** Starts delivering the job name of every announcement to {@code onRelease}, on a thread of its own. */
    void listen(Consumer<String> onRelease);

    /** Stops listening. */
    void stop();
}
