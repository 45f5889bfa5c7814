package io.esbackup.spring;

import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.locations.Location;
import io.esbackup.locations.StoreLocations;
import io.esbackup.store.EventStore;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code esbackup.*} location values, read by the scheme table the command line reads {@code --store},
 * {@code --backups} and {@code --registry} with ({@link StoreLocations}, esbackup-locations): {@code file:} folders
 * and plain paths always; {@code azure://}, {@code azure-table://}, {@code azure-reference://} with esbackup-azure
 * on the class path; {@code s3://} with esbackup-s3; {@code postgresql:} registries with esbackup-postgres. Every
 * message starts with the property's name and never repeats a value that may hold a secret.
 */
public final class EsbackupLocations {
    private final StoreLocations locations;
    private final Path workingDirectory;

    /** What a location is opened as. */
    public enum Kind {
        STORE, BACKUPS, REGISTRY
    }

    /** Locations opened with {@code locations}, relative folders against {@code workingDirectory}. */
    public EsbackupLocations(StoreLocations locations, Path workingDirectory) {
        this.locations = Objects.requireNonNull(locations, "locations");
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /**
     * Fails with an {@link IllegalArgumentException} naming {@code property} if {@code text} is not a location
     * {@code kind} can be opened at; opens nothing, creates nothing and needs no account.
     */
    public static void check(Kind kind, String property, String text) {
        Location location = Location.parse(property, text);
        Path here = Path.of("").toAbsolutePath();
        switch (kind) {
            case STORE -> Checking.TABLE.checkStore(location, here);
            case BACKUPS -> Checking.TABLE.checkBackups(location, here);
            case REGISTRY -> Checking.TABLE.checkRegistry(location, here);
        }
    }

    public EventStore openStore(String property, String text) {
        return locations.openStore(Location.parse(property, text), workingDirectory);
    }

    public BackupProvider openBackups(String property, String text) {
        return locations.openBackups(Location.parse(property, text), workingDirectory);
    }

    public BackupRegistry openRegistry(String property, String text) {
        return locations.openRegistry(Location.parse(property, text), workingDirectory);
    }

    /** The table these locations are opened with. */
    public StoreLocations table() {
        return locations;
    }

    /**
     * The table properties are checked with when bound, before any bean exists. Its schemes are the class path's,
     * as the beans' table's are; checking asks no account, and the {@code DataSource} it is told of only makes it
     * check {@code postgresql:?schema=S&table=T} as the beans' table would.
     */
    private static final class Checking {
        static final StoreLocations TABLE = StoreLocations.builder().environment(name -> null)
                .dataSource(() -> null).build();
    }
}
