package io.esbackup.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.model.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The outcome of one bench run: the machine, every measurement, the ratios against their targets. */
public record BenchReport(Machine machine, BenchOptions options, List<Measurement> measurements,
                          List<Comparison> comparisons, List<String> notes, double totalSeconds) {

    public BenchReport {
        measurements = List.copyOf(measurements);
        comparisons = List.copyOf(comparisons);
        notes = List.copyOf(notes);
    }

    /**
     * Whether every ratio with a target met it. A target whose comparison was skipped (a side could not run
     * here) is not met: nothing showed that it was.
     */
    public boolean allTargetsMet() {
        return comparisons.stream().filter(c -> !c.target().isEmpty())
                .allMatch(c -> c.verdict() == Comparison.Verdict.PASS);
    }

    /** The report as text tables, one line per element. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "Machine: %s, %d cores, %.1f GB RAM; %s; %s; disk %s", machine.cpu(),
                machine.cores(), machine.memoryBytes() / 1e9, machine.jdk(), machine.os(), machine.disk()));
        out.add("");
        out.add(String.format(Locale.ROOT, "%-13s %-27s %-8s %9s %9s %9s %18s %8s %8s", "scenario", "operation",
                "kind", "time s", "MB", "MB/s", "rate", "heap MB", "RSS MB"));
        for (Measurement m : measurements) {
            String kind = m.kind() == Measurement.Kind.ESBACKUP ? "esbackup" : "baseline";
            if (!m.ran()) {
                out.add(String.format(Locale.ROOT, "%-13s %-27s %-8s %s", m.scenario(), m.operation(), kind,
                        m.note()));
                continue;
            }
            String rate = m.items() > 0 && !m.unit().isEmpty()
                    ? String.format(Locale.ROOT, "%,.0f %s/s", m.itemsPerSecond(), m.unit()) : "";
            out.add(String.format(Locale.ROOT, "%-13s %-27s %-8s %9.2f %9.1f %9.1f %18s %8s %8s", m.scenario(),
                    m.operation(), kind, m.seconds(), m.bytes() / 1e6, m.megabytesPerSecond(), rate,
                    mb(m.heapPeakBytes()), mb(m.rssPeakBytes())));
        }
        out.add("");
        out.add(String.format(Locale.ROOT, "%-13s %-38s %-36s %7s %-30s %s", "scenario", "esbackup", "baseline",
                "ratio", "target", "verdict"));
        for (Comparison c : comparisons) {
            out.add(String.format(Locale.ROOT, "%-13s %-38s %-36s %7s %-30s %s", c.scenario(), c.subject(),
                    c.baseline(), Double.isNaN(c.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", c.ratio()),
                    c.target().isEmpty() ? "(information)" : c.target(), c.verdict()));
        }
        out.add("");
        out.add("How each row was measured:");
        for (Measurement m : measurements) {
            out.add("  " + m.scenario() + " / " + m.operation() + ": " + m.note());
        }
        notes.forEach(n -> out.add("  " + n));
        out.add(String.format(Locale.ROOT, "Ratios are esbackup / baseline (times; peak RSS for memory). "
                + "Whole run: %.0f s.", totalSeconds));
        return out;
    }

    /** The report as one JSON document. */
    public ObjectNode toJson() {
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("machine", Json.mapper().valueToTree(machine));
        ObjectNode o = root.putObject("options");
        ArrayNode scenarios = o.putArray("scenarios");
        options.scenarios().forEach(scenarios::add);
        o.put("events", options.events()).put("manyStreams", options.manyStreams())
                .put("azureStreams", options.azureStreams())
                .put("copyBackups", options.copyBackups()).put("seed", options.seed());
        ArrayNode ms = root.putArray("measurements");
        for (Measurement m : measurements) {
            ObjectNode n = ms.addObject().put("scenario", m.scenario()).put("operation", m.operation())
                    .put("kind", m.kind().name().toLowerCase(Locale.ROOT)).put("ran", m.ran());
            if (m.ran()) {
                n.put("seconds", m.seconds()).put("bytes", m.bytes()).put("megabytesPerSecond", m.megabytesPerSecond())
                        .put("items", m.items()).put("unit", m.unit());
                if (m.items() > 0) {
                    n.put("itemsPerSecond", m.itemsPerSecond());
                }
                if (m.heapPeakBytes() >= 0) {
                    n.put("heapPeakBytes", m.heapPeakBytes());
                }
                if (m.rssPeakBytes() >= 0) {
                    n.put("rssPeakBytes", m.rssPeakBytes());
                }
            }
            n.put("note", m.note());
        }
        ArrayNode cs = root.putArray("comparisons");
        for (Comparison c : comparisons) {
            ObjectNode n = cs.addObject().put("scenario", c.scenario()).put("subject", c.subject())
                    .put("baseline", c.baseline());
            if (Double.isNaN(c.ratio())) {
                n.putNull("ratio");
            } else {
                n.put("ratio", c.ratio());
            }
            n.put("target", c.target()).put("verdict", c.verdict().name());
        }
        ArrayNode ns = root.putArray("notes");
        notes.forEach(ns::add);
        root.put("totalSeconds", totalSeconds).put("allTargetsMet", allTargetsMet());
        return root;
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1e6);
    }
}
