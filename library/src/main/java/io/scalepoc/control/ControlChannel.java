package io.scalepoc.control;

import java.util.function.Consumer;

/**
 * Tells the owner of a job at once that its control state changed, so that a pause, trigger or
 * release takes effect now rather than at its next scheduled tick. A shortcut: the tick reads the
 * state anyway.
 */
public interface ControlChannel {

    void changed(String jobName);

    /** Delivers the name of every changed job, on a thread of the channel's own. */
    void onChange(Consumer<String> handler);
}
