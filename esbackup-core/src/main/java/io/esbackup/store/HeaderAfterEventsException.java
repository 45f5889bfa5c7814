package io.esbackup.store;

import io.esbackup.error.BackupException;

/**
 * Thrown by {@link RawEventCursor#rawEvents} after {@link RawEventCursor#headerBeforeEvents}, when the events
 * document turns out to have header members after its events too: the header handed out was not all of it.
 * The caller discards what it wrote from that header and starts again with a new cursor and
 * {@link EventCursor#header()}.
 */
public final class HeaderAfterEventsException extends BackupException {
    public HeaderAfterEventsException(String documentKey) {
        super("events document " + documentKey + " has header members after its events; its header must be read "
                + "in a pass of its own");
    }

    /** Whether {@code e} is, or was caused by, one of these (a store or a writer may wrap it). */
    public static boolean isCauseOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HeaderAfterEventsException) {
                return true;
            }
        }
        return false;
    }
}
