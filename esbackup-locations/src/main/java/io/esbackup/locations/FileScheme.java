package io.esbackup.locations;

import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BlobBackupRegistry;
import io.esbackup.backup.ReferenceBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.EventStore;
import io.esbackup.store.FileEventStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * {@code file:} locations: a folder. {@code file:./esdata}, {@code file:esdata} and {@code file:/srv/es}
 * are paths (relative ones resolve against the working directory); {@code file:///srv/es} is a file URI.
 */
public final class FileScheme {
    public static final StoreLocations.Scheme<EventStore> STORE = folderScheme("file:", FileEventStore::new);

    public static final StoreLocations.Scheme<BackupProvider> BACKUPS = folderScheme("file:",
            folder -> new BlobBackupProvider(new LocalBlobStore(folder)));

    /** A registry shared through a folder, its entries under {@code backup-registry/} there. */
    public static final StoreLocations.Scheme<BackupRegistry> REGISTRY = folderScheme("file:",
            folder -> new BlobBackupRegistry(new LocalBlobStore(folder)));

    /**
     * {@code file-reference:FOLDER}: the reference library's backups kept in a folder as in its Azure account,
     * {@code FOLDER/migration-backups/backups/{objectId}/{backupId}.backup.json} with its registry at
     * {@code FOLDER/backup-registry/backup-registry.json} (a copy of the containers, or a test).
     */
    public static final StoreLocations.Scheme<BackupProvider> REFERENCE_BACKUPS = folderScheme("file-reference:",
            folder -> new ReferenceBackupProvider(
                    new LocalBlobStore(folder.resolve(ReferenceBackupProvider.BACKUPS_CONTAINER)),
                    new LocalBlobStore(folder.resolve(ReferenceBackupProvider.REGISTRY_CONTAINER))));

    private FileScheme() {}

    /** A scheme over the folder a location names, shown as {@code shownAs} and the absolute folder. */
    private static <T> StoreLocations.Scheme<T> folderScheme(String shownAs, Function<Path, T> open) {
        return new StoreLocations.Scheme<>() {
            @Override
            public T open(Location location, Path workingDirectory) {
                return open.apply(folder(location, workingDirectory));
            }

            @Override
            public String display(Location location, Path workingDirectory) {
                return shownAs + folder(location, workingDirectory);
            }

            @Override
            public void check(Location location, Path workingDirectory) {
                folder(location, workingDirectory);
            }
        };
    }

    /**
     * The folder {@code location} names, absolute and normalised; it need not exist yet, and is not created.
     *
     * @throws IllegalArgumentException naming the option if the location names no folder, or a file
     */
    public static Path folder(Location location, Path workingDirectory) {
        String rest = location.rest();
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(location.option() + ": file: needs a folder, as in file:./esdata");
        }
        Path path;
        try {
            path = rest.startsWith("//") ? Path.of(URI.create("file:" + rest)) : Path.of(rest);
        } catch (IllegalArgumentException e) { // also InvalidPathException, FileSystemNotFoundException
            // The text may hold user info (file://user:password@host/...), which the URI parser's message
            // and so the cause's would quote: then say only what is shown, without the cause.
            String shown = StoreLocations.withoutSecrets(location.text());
            boolean secret = !shown.equals(location.text());
            throw new IllegalArgumentException(location.option() + ": '" + shown + "' is not a valid folder"
                    + (secret ? "" : ": " + e.getMessage()), secret ? null : e);
        }
        Path folder = workingDirectory.resolve(path).toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(location.option() + ": " + folder + " exists and is not a folder");
        }
        return folder;
    }
}
