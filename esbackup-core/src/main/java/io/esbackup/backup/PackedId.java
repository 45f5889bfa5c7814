package io.esbackup.backup;

import java.util.Optional;
import java.util.UUID;

/**
 * The backup id of a packed entry says where the entry is: a UUID of version 8 (RFC 9562, "custom") whose
 * bits are the run's id (60 bits), a variant nibble of {@code b}, the pack's number in its run (28 bits) and
 * the entry's ordinal in its pack (32 bits). So an entry is found by its id with two small range reads and
 * no id pointer, which would cost a write per aggregate (docs/FORMAT.md, section 15).
 *
 * <p>Text form: {@code RRRRRRRR-RRRR-8RRR-bPPP-PPPPOOOOOOOO}.
 */
record PackedId(long run, int pack, long ordinal) {
    static final long MAX_RUN = (1L << 60) - 1;
    static final int MAX_PACK = (1 << 28) - 1;
    static final long MAX_ORDINAL = 0xFFFF_FFFFL;

    PackedId {
        if (run < 0 || run > MAX_RUN || pack < 0 || pack > MAX_PACK || ordinal < 0 || ordinal > MAX_ORDINAL) {
            throw new IllegalArgumentException("packed id out of range: run " + run + ", pack " + pack
                    + ", ordinal " + ordinal);
        }
    }

    /** A run id from 60 bits of {@code seed} (a fresh random UUID). */
    static long runFrom(UUID seed) {
        return (seed.getMostSignificantBits() ^ seed.getLeastSignificantBits()) & MAX_RUN;
    }

    UUID toUuid() {
        long msb = ((run >>> 12) << 16) | (0x8L << 12) | (run & 0xFFF);
        long lsb = (0xBL << 60) | ((long) pack << 32) | ordinal;
        return new UUID(msb, lsb);
    }

    /** The packed id this UUID is, if it has the shape of one; a random id of version 4 never has. */
    static Optional<PackedId> of(UUID id) {
        long msb = id.getMostSignificantBits();
        long lsb = id.getLeastSignificantBits();
        if (((msb >>> 12) & 0xF) != 0x8 || (lsb >>> 60) != 0xB) {
            return Optional.empty();
        }
        long run = ((msb >>> 16) << 12) | (msb & 0xFFF);
        int pack = (int) ((lsb >>> 32) & MAX_PACK);
        return Optional.of(new PackedId(run, pack, lsb & MAX_ORDINAL));
    }

    /** The run's id as it appears in keys: 15 lower-case hex digits. */
    String runName() {
        return runName(run);
    }

    static String runName(long run) {
        return String.format("%015x", run);
    }
}
