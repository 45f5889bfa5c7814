package io.esbackup.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads the build's version from the resource Maven filters at build time. */
final class ToolVersion {
    private ToolVersion() {}

    static String read() {
        try (InputStream in = ToolVersion.class.getResourceAsStream("/io/esbackup/esbackup-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
