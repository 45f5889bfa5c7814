package io.esbackup.bench;

import java.util.Locale;

/** How the report writes sizes and rates. */
final class Views {
    private Views() {}

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
