package io.esbackup.backup;

/**
 * What the id pointer of one backup says, against where the backup's manifest is stored.
 *
 * @param manifestAt where the manifest is stored (its key)
 * @param state      {@link State#MATCHES}, {@link State#MISSING}, {@link State#DIFFERS} or {@link State#DAMAGED}
 * @param named      for {@link State#DIFFERS}, where the pointer says the backup is; otherwise {@code null}
 * @param problem    for {@link State#DAMAGED}, why the pointer cannot be read; otherwise {@code null}
 */
public record PointerCheck(BackupLocation manifestAt, State state, BackupLocation named, String problem) {

    /** The states of a pointer. */
    public enum State {
        /** The pointer names where the manifest is: the backup is found by id. */
        MATCHES,
        /** There is no pointer: the backup is found by id only by a listing, until one is recreated. */
        MISSING,
        /** The pointer names another place: a lookup by id goes there. Never overwritten; a person decides. */
        DIFFERS,
        /** The pointer cannot be read. Never overwritten; a person decides. */
        DAMAGED
    }

    public PointerCheck {
        if (manifestAt == null || state == null) {
            throw new IllegalArgumentException((manifestAt == null ? "manifestAt" : "state") + " must not be null");
        }
        if ((state == State.DIFFERS) != (named != null)) {
            throw new IllegalArgumentException("named must be given exactly for DIFFERS, was " + named + " for "
                    + state);
        }
        if ((state == State.DAMAGED) != (problem != null)) {
            throw new IllegalArgumentException("problem must be given exactly for DAMAGED, was " + problem + " for "
                    + state);
        }
    }

    public static PointerCheck matches(BackupLocation manifestAt) {
        return new PointerCheck(manifestAt, State.MATCHES, null, null);
    }

    public static PointerCheck missing(BackupLocation manifestAt) {
        return new PointerCheck(manifestAt, State.MISSING, null, null);
    }

    public static PointerCheck differs(BackupLocation manifestAt, BackupLocation named) {
        return new PointerCheck(manifestAt, State.DIFFERS, named, null);
    }

    public static PointerCheck damaged(BackupLocation manifestAt, String problem) {
        return new PointerCheck(manifestAt, State.DAMAGED, null, problem);
    }

    /** Whether the pointer disagrees with the manifest ({@link State#DIFFERS} or {@link State#DAMAGED}). */
    public boolean disagrees() {
        return state == State.DIFFERS || state == State.DAMAGED;
    }

    /** One sentence for a person: what is wrong with the pointer, or what is right. */
    public String describe() {
        return switch (state) {
            case MATCHES -> "its id pointer names where its manifest is";
            case MISSING -> "its id pointer is missing";
            case DIFFERS -> "its id pointer names " + place(named) + ", but its manifest is stored at "
                    + place(manifestAt);
            case DAMAGED -> "its id pointer cannot be read: " + problem;
        };
    }

    private static String place(BackupLocation l) {
        return l.objectName() + "/" + l.objectId() + (l.subfolder() == null ? "" : " in location " + l.subfolder());
    }
}
