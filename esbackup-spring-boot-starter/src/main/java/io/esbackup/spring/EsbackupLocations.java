package io.esbackup.spring;

import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BlobBackupRegistry;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.EventStore;
import io.esbackup.store.FileEventStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.ClassUtils;

/**
 * The {@code esbackup.*} location values, read as the command line reads {@code --store}, {@code --backups} and
 * {@code --registry}: {@code file:./esdata}, {@code file:/srv/es} and {@code file:///srv/es} are folders, and a
 * value without a scheme is a path. Schemes are at least two characters, so {@code C:\data} is a path too.
 *
 * <p>The command line's own scheme table ({@code StoreLocations}) lives in esbackup-cli, which an application
 * does not depend on; this is the starter's, and so far it knows {@code file:}, and {@code postgresql:} for a
 * registry when esbackup-postgres is on the class path. Every message starts with the property's name and never
 * repeats the rest of a value of an unknown scheme, which may hold a secret.
 */
public final class EsbackupLocations {
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]+):(.*)", Pattern.DOTALL);
    private static final boolean POSTGRES = ClassUtils.isPresent(PostgresRegistries.CLASS,
            EsbackupLocations.class.getClassLoader());

    /** What a location is opened as. */
    public enum Kind {
        STORE("an event store", List.of("file")),
        BACKUPS("backups", List.of("file")),
        // postgresql: only when the application has esbackup-postgres.
        REGISTRY("a backup registry", POSTGRES ? List.of("file", "postgresql") : List.of("file"));

        private final String what;
        private final List<String> schemes;

        Kind(String what, List<String> schemes) {
            this.what = what;
            this.schemes = schemes;
        }
    }

    private EsbackupLocations() {}

    /**
     * Fails with an {@link IllegalArgumentException} naming {@code property} if {@code text} is not a location
     * {@code kind} can be opened at; opens nothing and creates nothing.
     */
    public static void check(Kind kind, String property, String text) {
        // A postgresql: URL is checked when its registry is built, which connects to nothing yet.
        if (!"postgresql".equals(scheme(kind, property, text))) {
            folder(kind, property, text, Path.of(""));
        }
    }

    /** The event store at {@code text}; relative paths resolve against {@code workingDirectory}. */
    public static EventStore openStore(String property, String text, Path workingDirectory) {
        return new FileEventStore(folder(Kind.STORE, property, text, workingDirectory));
    }

    /** The backups at {@code text}; relative paths resolve against {@code workingDirectory}. */
    public static BackupProvider openBackups(String property, String text, Path workingDirectory) {
        return new BlobBackupProvider(new LocalBlobStore(folder(Kind.BACKUPS, property, text, workingDirectory)));
    }

    /**
     * A registry shared through the folder at {@code text}, its entries under {@code backup-registry/} there, or
     * in PostgreSQL at {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=S&table=T]}.
     */
    public static BackupRegistry openRegistry(String property, String text, Path workingDirectory) {
        if ("postgresql".equals(scheme(Kind.REGISTRY, property, text))) {
            return PostgresRegistries.open(property, text);
        }
        return new BlobBackupRegistry(new LocalBlobStore(folder(Kind.REGISTRY, property, text, workingDirectory)));
    }

    /** The scheme of {@code text}, {@code file} for a plain path; fails if {@code kind} does not know it. */
    private static String scheme(Kind kind, String property, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(property + " must not be blank; give a location such as file:./esdata");
        }
        Matcher m = SCHEME.matcher(text);
        String scheme = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : "file";
        if (!kind.schemes.contains(scheme)) {
            throw new IllegalArgumentException(property + ": unknown scheme '" + scheme + ":' for " + kind.what
                    + "; known schemes: " + String.join(", ", kind.schemes.stream().map(s -> s + ":").toList()));
        }
        return scheme;
    }

    /** The folder {@code text} names, absolute and normalised; it need not exist yet. */
    private static Path folder(Kind kind, String property, String text, Path workingDirectory) {
        scheme(kind, property, text);
        Matcher m = SCHEME.matcher(text);
        String rest = m.matches() ? m.group(2) : text;
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(property + ": file: needs a folder, as in file:./esdata");
        }
        Path path;
        try {
            path = rest.startsWith("//") ? Path.of(URI.create("file:" + rest)) : Path.of(rest);
        } catch (IllegalArgumentException e) { // also InvalidPathException, FileSystemNotFoundException
            // A file URI may carry user info (file://user:password@host/...), which the parser's message quotes.
            throw new IllegalArgumentException(property + ": '" + text.replaceFirst("//[^/@]*@", "//")
                    + "' is not a valid folder", null);
        }
        Path folder = workingDirectory.resolve(path).toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(property + ": " + folder + " exists and is not a folder");
        }
        return folder;
    }
}
