package io.esbackup.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The build's version, which every manifest records, from the resource esbackup-core's pom filters at build
 * time. A build that left it out or unfiltered fails here rather than write a manifest that cannot say which
 * esbackup wrote it; the tests (and the shaded jar's integration test) check it is the project's version.
 */
final class ToolVersion {
    static final String RESOURCE = "/io/esbackup/esbackup-version.properties";

    private ToolVersion() {}

    static String read() {
        try (InputStream in = ToolVersion.class.getResourceAsStream(RESOURCE)) {
            return parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read esbackup's version from " + RESOURCE + ": " + e.getMessage(),
                    e);
        }
    }

    /** The {@code version} property of the resource's content, or why there is none. */
    static String parse(InputStream resource) throws IOException {
        if (resource == null) {
            throw missing("the resource is not on the class path");
        }
        Properties p = new Properties();
        p.load(resource);
        String v = p.getProperty("version", "").strip();
        if (v.isEmpty()) {
            throw missing("it has no version");
        }
        if (v.contains("${")) {
            throw missing("it was not filtered by the build (it says " + v + ")");
        }
        return v;
    }

    private static IllegalStateException missing(String why) {
        return new IllegalStateException("esbackup's version cannot be read from " + RESOURCE + ": " + why
                + "; build with Maven, whose resource filtering in esbackup-core writes it");
    }
}
