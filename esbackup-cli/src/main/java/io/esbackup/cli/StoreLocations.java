package io.esbackup.cli;

import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.store.EventStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place where location schemes are mapped to implementations: {@code --store} values to event
 * stores, {@code --backups} values to backup providers. Each scheme is registered explicitly, once;
 * an unknown scheme is a usage error that lists the known ones. Later modules add {@code jdbc:} here.
 */
public final class StoreLocations {

    /** Opens one kind of thing (an event store, a backup provider) at locations of one scheme. */
    public interface Scheme<T> {
        /** Opens {@code location}; relative paths resolve against {@code workingDirectory}. */
        T open(Location location, Path workingDirectory);

        /**
         * The location as it may be shown: resolved, and without secrets (keys, passwords, tokens). By
         * default the text without user info and without the query string.
         */
        default String display(Location location, Path workingDirectory) {
            return withoutSecrets(location.text());
        }
    }

    /** {@code text} without {@code user:password@} and without a {@code ?query}, where secrets usually are. */
    public static String withoutSecrets(String text) {
        String s = text.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1");
        int query = s.indexOf('?');
        return query < 0 ? s : s.substring(0, query) + "?...";
    }

    private final Map<String, Scheme<EventStore>> stores = new LinkedHashMap<>();
    private final Map<String, Scheme<BackupProvider>> backups = new LinkedHashMap<>();
    private final Map<String, Scheme<BackupRegistry>> registries = new LinkedHashMap<>();

    /** Every scheme this build supports, with the Azure account from the environment. */
    public static StoreLocations defaults() {
        return defaults(new AzureAccount(System::getenv));
    }

    /** Every scheme this build supports; {@code azure:} locations use {@code azure}. */
    static StoreLocations defaults(AzureAccount azure) {
        return defaults(azure, Retries.standard());
    }

    /** Every scheme this build supports; remote stores retry with {@code retries}. */
    static StoreLocations defaults(AzureAccount azure, Retries retries) {
        return defaults(azure, retries, new S3Account(System::getenv));
    }

    /** Every scheme this build supports, {@code s3:} locations with clients from {@code s3}. */
    static StoreLocations defaults(AzureAccount azure, Retries retries, S3Account s3) {
        return new StoreLocations()
                .registerStore("file", FileScheme.STORE)
                .registerBackups("file", FileScheme.BACKUPS)
                .registerStore("azure", AzureScheme.store(azure, retries))
                .registerBackups("azure", AzureScheme.backups(azure, retries))
                .registerStore("azure-table", AzureScheme.tableStore(azure))
                .registerStore("s3", S3Scheme.store(s3, retries))
                .registerBackups("s3", S3Scheme.backups(s3, retries))
                .registerBackups("file-reference", FileScheme.REFERENCE_BACKUPS)
                .registerBackups("azure-reference", AzureScheme.referenceBackups(azure, retries))
                .registerRegistry("file", FileScheme.REGISTRY)
                .registerRegistry("azure", AzureScheme.registry(azure, retries))
                .registerRegistry("s3", S3Scheme.registry(s3, retries))
                .registerRegistry("postgresql", PostgresScheme.REGISTRY);
    }

    public StoreLocations registerStore(String scheme, Scheme<EventStore> factory) {
        register(stores, "store", scheme, factory);
        return this;
    }

    public StoreLocations registerBackups(String scheme, Scheme<BackupProvider> factory) {
        register(backups, "backup", scheme, factory);
        return this;
    }

    public StoreLocations registerRegistry(String scheme, Scheme<BackupRegistry> factory) {
        register(registries, "registry", scheme, factory);
        return this;
    }

    private static <T> void register(Map<String, Scheme<T>> map, String kind, String scheme, Scheme<T> factory) {
        Objects.requireNonNull(factory, "factory");
        if (scheme == null || !scheme.matches("[a-z][a-z0-9+.-]+")) {
            throw new IllegalArgumentException("scheme must be lower case letters, digits, '+', '-' or '.', was '"
                    + scheme + "'");
        }
        if (map.putIfAbsent(scheme, factory) != null) {
            throw new IllegalStateException(kind + " scheme '" + scheme + ":' is registered twice");
        }
    }

    public EventStore openStore(Location location, Path workingDirectory) {
        return scheme(stores, "an event store", location).open(location, workingDirectory);
    }

    public BackupProvider openBackups(Location location, Path workingDirectory) {
        return scheme(backups, "backups", location).open(location, workingDirectory);
    }

    public BackupRegistry openRegistry(Location location, Path workingDirectory) {
        return scheme(registries, "a backup registry", location).open(location, workingDirectory);
    }

    public String displayRegistry(Location location, Path workingDirectory) {
        return scheme(registries, "a backup registry", location).display(location, workingDirectory);
    }

    /** The schemes {@code --registry} accepts, as {@code name:}. */
    public List<String> registrySchemes() {
        return known(registries);
    }

    public String displayStore(Location location, Path workingDirectory) {
        return scheme(stores, "an event store", location).display(location, workingDirectory);
    }

    public String displayBackups(Location location, Path workingDirectory) {
        return scheme(backups, "backups", location).display(location, workingDirectory);
    }

    /** The schemes {@code --store} accepts, as {@code name:}. */
    public List<String> storeSchemes() {
        return known(stores);
    }

    /** The schemes {@code --backups} accepts, as {@code name:}. */
    public List<String> backupSchemes() {
        return known(backups);
    }

    private static <T> Scheme<T> scheme(Map<String, Scheme<T>> map, String what, Location location) {
        Scheme<T> s = map.get(location.scheme());
        if (s == null) {
            // Only the scheme is echoed: the rest of an unknown location may hold a secret.
            throw new UsageException(location.option() + ": unknown scheme '" + location.scheme()
                    + ":' for " + what + "; known schemes: " + String.join(", ", known(map)));
        }
        return s;
    }

    private static List<String> known(Map<String, ?> map) {
        return map.keySet().stream().map(s -> s + ":").toList();
    }
}
