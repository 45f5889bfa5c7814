package io.esbackup.locations;

import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.store.EventStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The one place where location schemes are mapped to implementations: store locations to event stores, backups
 * locations to backup providers, registry locations to registries. Each scheme is registered explicitly, once;
 * an unknown scheme is an {@link IllegalArgumentException} that names the option and lists the known ones, and
 * never repeats the rest of the value, which may hold a secret. The command line and the Spring Boot starter both
 * use this table; {@link #builder()} makes the one with every scheme the class path supports.
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

        /**
         * Fails with an {@link IllegalArgumentException} naming {@code location.option()} if {@link #open} would
         * reject the location as written. Opens nothing, creates nothing and needs no account, so it can run
         * before anything is built (the starter checks its properties with it when they are bound). By default
         * it checks nothing.
         */
        default void check(Location location, Path workingDirectory) {
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

    /** An empty table; {@link #builder()} makes one with every scheme this build supports. */
    public StoreLocations() {
    }

    /** Every scheme the class path supports, the accounts from the process's environment. */
    public static StoreLocations defaults() {
        return builder().build();
    }

    /** A table of every scheme the class path supports, with accounts and retries as set on the builder. */
    public static Builder builder() {
        return new Builder();
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

    /** Checks a store location without opening it ({@link Scheme#check}). */
    public void checkStore(Location location, Path workingDirectory) {
        scheme(stores, "an event store", location).check(location, workingDirectory);
    }

    /** Checks a backups location without opening it ({@link Scheme#check}). */
    public void checkBackups(Location location, Path workingDirectory) {
        scheme(backups, "backups", location).check(location, workingDirectory);
    }

    /** Checks a registry location without opening it ({@link Scheme#check}). */
    public void checkRegistry(Location location, Path workingDirectory) {
        scheme(registries, "a backup registry", location).check(location, workingDirectory);
    }

    public String displayStore(Location location, Path workingDirectory) {
        return scheme(stores, "an event store", location).display(location, workingDirectory);
    }

    public String displayBackups(Location location, Path workingDirectory) {
        return scheme(backups, "backups", location).display(location, workingDirectory);
    }

    public String displayRegistry(Location location, Path workingDirectory) {
        return scheme(registries, "a backup registry", location).display(location, workingDirectory);
    }

    /** The schemes store locations accept, as {@code name:}. */
    public List<String> storeSchemes() {
        return known(stores);
    }

    /** The schemes backups locations accept, as {@code name:}. */
    public List<String> backupSchemes() {
        return known(backups);
    }

    /** The schemes registry locations accept, as {@code name:}. */
    public List<String> registrySchemes() {
        return known(registries);
    }

    private static <T> Scheme<T> scheme(Map<String, Scheme<T>> map, String what, Location location) {
        Scheme<T> s = map.get(location.scheme());
        if (s == null) {
            // Only the scheme is echoed: the rest of an unknown location may hold a secret.
            throw new IllegalArgumentException(location.option() + ": unknown scheme '" + location.scheme()
                    + ":' for " + what + "; known schemes: " + String.join(", ", known(map)));
        }
        return s;
    }

    private static List<String> known(Map<String, ?> map) {
        return map.keySet().stream().map(s -> s + ":").toList();
    }

    /**
     * Builds the table of every scheme this class path supports: {@code file:} and {@code file-reference:}
     * always; {@code azure:}, {@code azure-table:} and {@code azure-reference:} with esbackup-azure;
     * {@code s3:} with esbackup-s3; {@code postgresql:} registries with esbackup-postgres. Accounts not set
     * come from the environment when a location first needs them.
     */
    public static final class Builder {
        private Function<String, String> environment = System::getenv;
        private Retries retries;
        private AzureAccount azure;
        private S3Account s3;
        private Supplier<DataSource> dataSource;

        private Builder() {}

        /** Where accounts not set here read their variables; the process's environment by default. */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** The retries over remote blob stores; {@link Retries#standard()} by default. */
        public Builder retries(Retries retries) {
            this.retries = Objects.requireNonNull(retries, "retries");
            return this;
        }

        /** The account of {@code azure:} locations (needs esbackup-azure on the class path). */
        public Builder azure(AzureAccount azure) {
            this.azure = Objects.requireNonNull(azure, "azure");
            return this;
        }

        /** The clients of {@code s3:} locations (needs esbackup-s3 on the class path). */
        public Builder s3(S3Account s3) {
            this.s3 = Objects.requireNonNull(s3, "s3");
            return this;
        }

        /**
         * The application's database for a {@code postgresql:} registry without a host ({@link PostgresScheme});
         * the supplier may give {@code null} when there is none. Without it such a location is refused.
         */
        public Builder dataSource(Supplier<DataSource> dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        public StoreLocations build() {
            Retries retry = retries != null ? retries : Retries.standard();
            StoreLocations table = new StoreLocations()
                    .registerStore("file", FileScheme.STORE)
                    .registerBackups("file", FileScheme.BACKUPS)
                    .registerRegistry("file", FileScheme.REGISTRY);
            // The order of registration is the order the schemes are listed in, in help and messages.
            AzureAccount az = null;
            if (Modules.AZURE) {
                az = azure != null ? azure : new AzureAccount(environment, null);
                table.registerStore("azure", AzureScheme.store(az, retry))
                        .registerBackups("azure", AzureScheme.backups(az, retry))
                        .registerRegistry("azure", AzureScheme.registry(az, retry))
                        .registerStore("azure-table", AzureScheme.tableStore(az));
            }
            if (Modules.S3) {
                S3Account account = s3 != null ? s3 : new S3Account(environment);
                table.registerStore("s3", S3Scheme.store(account, retry))
                        .registerBackups("s3", S3Scheme.backups(account, retry))
                        .registerRegistry("s3", S3Scheme.registry(account, retry));
            }
            table.registerBackups("file-reference", FileScheme.REFERENCE_BACKUPS);
            if (Modules.AZURE) {
                table.registerBackups("azure-reference", AzureScheme.referenceBackups(az, retry));
            }
            if (Modules.POSTGRES) {
                table.registerRegistry("postgresql", PostgresScheme.registry(dataSource));
            }
            return table;
        }
    }
}
