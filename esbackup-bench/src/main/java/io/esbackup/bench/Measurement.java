package io.esbackup.bench;

/**
 * One measured operation of a scenario: esbackup's, or a baseline's on the same bytes.
 *
 * @param seconds       wall time of the operation alone (not the JVM start), or {@code NaN} if it was skipped
 * @param bytes         the bytes the operation worked on (the store's JSON, unless the note says otherwise)
 * @param items         events or streams, as {@code unit} says
 * @param heapPeakBytes sum of the heap pools' peaks in the operation's JVM, or -1 where it does not apply
 * @param rssPeakBytes  the operation's process's peak resident set (VmHWM), or -1 where it does not apply
 * @param note          how it was measured, or why it was skipped
 */
public record Measurement(String scenario, String operation, Kind kind, double seconds, long bytes, long items,
                          String unit, long heapPeakBytes, long rssPeakBytes, String note) {

    /** Whose work a row measures. */
    public enum Kind { ESBACKUP, BASELINE }

    /** A row for an operation that could not run here, with the reason. */
    public static Measurement skipped(String scenario, String operation, Kind kind, String reason) {
        return new Measurement(scenario, operation, kind, Double.NaN, 0, 0, "", -1, -1, reason);
    }

    public boolean ran() {
        return !Double.isNaN(seconds);
    }

    public double megabytesPerSecond() {
        return bytes / 1e6 / seconds;
    }

    public double itemsPerSecond() {
        return items / seconds;
    }
}
