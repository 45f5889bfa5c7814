package io.esbackup.bench;

import java.util.ArrayList;
import java.util.List;

/** What the scenarios of one run have measured so far. */
final class Results {
    final List<Measurement> measurements = new ArrayList<>();
    final List<Comparison> comparisons = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Measurement add(Measurement m) {
        measurements.add(m);
        return m;
    }

    void compare(Comparison c) {
        comparisons.add(c);
    }

    void note(String scenario, String text) {
        notes.add(scenario + ": " + text);
    }
}
