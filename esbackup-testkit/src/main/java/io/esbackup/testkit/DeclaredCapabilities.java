package io.esbackup.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.Capable;
import java.util.Set;

/** The check every suite with optional capabilities makes before each test: declared is what is there. */
final class DeclaredCapabilities {
    private DeclaredCapabilities() {}

    /**
     * Asserts that {@code target} has exactly the capabilities of {@code known} that its fixture declares, so a
     * capability's tests never pass in silence for an implementation that lacks it.
     */
    static void assertExactly(Capable target, Set<Class<?>> known, Set<Class<?>> declared) {
        assertThat(declared).as("declared capabilities").isSubsetOf(known);
        for (Class<?> capability : known) {
            assertThat(target.capability(capability).isPresent())
                    .as("the fixture declares %s %s", capability.getSimpleName(),
                            declared.contains(capability) ? "present" : "absent")
                    .isEqualTo(declared.contains(capability));
        }
    }
}
