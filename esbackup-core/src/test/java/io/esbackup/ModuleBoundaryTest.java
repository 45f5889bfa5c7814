package io.esbackup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Core's module exports its API and SPI packages and nothing internal (issue #12). */
class ModuleBoundaryTest {

    @Test
    void onlyApiAndSpiPackagesAreExported() {
        Module core = Capable.class.getModule();
        assertThat(core.isNamed()).as("core runs as the module io.esbackup.core").isTrue();
        ModuleDescriptor descriptor = core.getDescriptor();

        Set<String> exported = descriptor.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());

        assertThat(descriptor.name()).isEqualTo("io.esbackup.core");
        assertThat(exported).containsExactlyInAnyOrder("io.esbackup", "io.esbackup.archive", "io.esbackup.backup",
                "io.esbackup.blob", "io.esbackup.error", "io.esbackup.model", "io.esbackup.model.json",
                "io.esbackup.store");
        assertThat(descriptor.packages()).filteredOn(p -> p.endsWith(".internal")).isNotEmpty()
                .allSatisfy(p -> assertThat(exported).doesNotContain(p));
    }

    /**
     * No two packages of core depend on each other, directly or around a loop: an internal package serves
     * its API package, never the other way round as well. The dependencies are jdeps's, read off the classes.
     */
    @Test
    void noPackagesDependOnEachOtherInACycle() throws Exception {
        Map<String, Set<String>> uses = packageDependencies();
        assertThat(uses).containsKeys("io.esbackup.backup", "io.esbackup.store", "io.esbackup.store.internal");

        assertThat(cycles(uses)).as("package cycles").isEmpty();
    }

    private static Map<String, Set<String>> packageDependencies() throws IOException, InterruptedException,
            URISyntaxException {
        Path classes = Path.of(Capable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // Without module-info.class, so that jdeps reads the packages without resolving core's modules.
        Path copy = Files.createTempDirectory("esbackup-classes");
        try (Stream<Path> all = Files.walk(classes)) {
            for (Path f : all.filter(Files::isRegularFile).filter(f -> !f.endsWith("module-info.class")).toList()) {
                Path target = copy.resolve(classes.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        Process p = new ProcessBuilder(jdeps.toString(), "-verbose:package", copy.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Map<String, Set<String>> uses = new HashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals("->") && f[0].startsWith("io.esbackup") && f[2].startsWith("io.esbackup")
                    && !f[0].equals(f[2])) {
                uses.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[2]);
            }
        }
        return uses;
    }

    /** The groups of packages that reach each other (Tarjan's strongly connected components of two or more). */
    private static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        List<Set<String>> found = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        for (String start : uses.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, uses, index, low, stack, found);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> uses, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, uses, index, low, stack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new HashSet<>();
            String w;
            do {
                w = stack.pop();
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}
