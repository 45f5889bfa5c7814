package io.esbackup.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The launcher's options file, read as the launcher reads it. */
class LauncherOptionsTest {
    @Test
    void optionsAreSeparatedByWhiteSpaceAndCommentsRunToTheEndOfTheLine() {
        assertThat(LauncherOptions.parse("""
                # a comment line
                -Xmx256m   # the cap
                  -XX:+UseSerialGC\t-Xss512k

                -Xlog:all=warning:stderr
                """)).containsExactly("-Xmx256m", "-XX:+UseSerialGC", "-Xss512k", "-Xlog:all=warning:stderr");
    }

    @Test
    void withoutTheCommandsJarThereAreNone() {
        assertThat(LauncherOptions.find(new URLClassLoader(new URL[0], null))).isEmpty();
    }
}
