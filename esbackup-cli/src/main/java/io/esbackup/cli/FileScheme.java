package io.esbackup.cli;

import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BlobBackupRegistry;
import io.esbackup.backup.ReferenceBackupProvider;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.blob.LocalBlobStore;
import io.esbackup.store.EventStore;
import io.esbackup.store.FileEventStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code file:} locations: a folder. {@code file:./esdata}, {@code file:esdata} and {@code file:/srv/es}
 * are paths (relative ones resolve against the working directory); {@code file:///srv/es} is a file URI.
 */
final class FileScheme {
    static final StoreLocations.Scheme<EventStore> STORE = new StoreLocations.Scheme<>() {
        @Override
        public EventStore open(Location location, Path workingDirectory) {
            return new FileEventStore(folder(location, workingDirectory));
        }

        @Override
        public String display(Location location, Path workingDirectory) {
            return "file:" + folder(location, workingDirectory);
        }
    };

    static final StoreLocations.Scheme<BackupProvider> BACKUPS = new StoreLocations.Scheme<>() {
        @Override
        public BackupProvider open(Location location, Path workingDirectory) {
            return new BlobBackupProvider(new LocalBlobStore(folder(location, workingDirectory)));
        }

        @Override
        public String display(Location location, Path workingDirectory) {
            return "file:" + folder(location, workingDirectory);
        }
    };

    /** A registry shared through a folder, its entries under {@code backup-registry/} there. */
    static final StoreLocations.Scheme<BackupRegistry> REGISTRY = new StoreLocations.Scheme<>() {
        @Override
        public BackupRegistry open(Location location, Path workingDirectory) {
            return new BlobBackupRegistry(new LocalBlobStore(folder(location, workingDirectory)));
        }

        @Override
        public String display(Location location, Path workingDirectory) {
            return "file:" + folder(location, workingDirectory);
        }
    };

    /**
     * {@code file-reference:FOLDER}: the reference library's backups kept in a folder as in its Azure account,
     * {@code FOLDER/migration-backups/backups/{objectId}/{backupId}.backup.json} with its registry at
     * {@code FOLDER/backup-registry/backup-registry.json} (a copy of the containers, or a test).
     */
    static final StoreLocations.Scheme<BackupProvider> REFERENCE_BACKUPS = new StoreLocations.Scheme<>() {
        @Override
        public BackupProvider open(Location location, Path workingDirectory) {
            Path folder = folder(location, workingDirectory);
            return new ReferenceBackupProvider(
                    new LocalBlobStore(folder.resolve(ReferenceBackupProvider.BACKUPS_CONTAINER)),
                    new LocalBlobStore(folder.resolve(ReferenceBackupProvider.REGISTRY_CONTAINER)));
        }

        @Override
        public String display(Location location, Path workingDirectory) {
            return "file-reference:" + folder(location, workingDirectory);
        }
    };

    private FileScheme() {}

    /** The folder {@code location} names, absolute and normalised; it need not exist yet. */
    static Path folder(Location location, Path workingDirectory) {
        String rest = location.rest();
        if (rest.isEmpty()) {
            throw new UsageException(location.option() + ": file: needs a folder, as in file:./esdata");
        }
        Path path;
        try {
            path = rest.startsWith("//") ? Path.of(URI.create("file:" + rest)) : Path.of(rest);
        } catch (IllegalArgumentException e) { // also InvalidPathException, FileSystemNotFoundException
            // The text may hold user info (file://user:password@host/...), which the URI parser's message
            // and so the cause's would quote: then say only what is shown, without the cause.
            String shown = StoreLocations.withoutSecrets(location.text());
            boolean secret = !shown.equals(location.text());
            throw new UsageException(location.option() + ": '" + shown + "' is not a valid folder"
                    + (secret ? "" : ": " + e.getMessage()), secret ? null : e);
        }
        Path folder = workingDirectory.resolve(path).toAbsolutePath().normalize();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UsageException(location.option() + ": " + folder + " exists and is not a folder");
        }
        return folder;
    }
}
