package io.esbackup.cli;

import io.esbackup.azure.AzureBlobStore;
import io.esbackup.azure.AzureClients;
import io.esbackup.azure.TableEventStore;
import io.esbackup.azure.TableLayout;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BlobBackupRegistry;
import io.esbackup.backup.ReferenceBackupProvider;
import io.esbackup.blob.BlobStore;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import java.nio.file.Path;

/**
 * {@code azure:} locations. Backups: {@code azure://CONTAINER[/PREFIX]}. An event store in the reference
 * layout: {@code azure://} (documents in {@code object-document-store}) or
 * {@code azure://?documentContainer=NAME}. The account comes from {@link AzureAccount}. Both sit on
 * {@link Retries} over the {@link AzureBlobStore}, in the same layout as {@code AzureEventStores} and
 * {@code AzureBlobBackupProvider}.
 */
final class AzureScheme {
    private AzureScheme() {}

    static StoreLocations.Scheme<EventStore> store(AzureAccount account, Retries retries) {
        return shownWhole((location, workingDirectory) -> {
            String rest = authority(location);
            String documents = BlobEventStore.DEFAULT_DOCUMENT_CONTAINER;
            if (rest.startsWith("?documentContainer=")) {
                documents = rest.substring("?documentContainer=".length());
            } else if (!rest.isEmpty()) {
                throw new UsageException(location.option() + ": an Azure event store is azure:// or "
                        + "azure://?documentContainer=NAME; the containers are named after the object names");
            }
            return new BlobEventStore(retries.wrap(AzureBlobStore.forAccount(account.client(location))),
                    AzureBlobStore.requireContainerName(documents));
        });
    }

    /**
     * An event store in the reference's Table layout: {@code azure-table://}, or
     * {@code azure-table://?tablePrefix=P} for tables named {@code P} + the reference's default names. Requests
     * are retried by the SDK's policy ({@link AzureClients}), not by a wrapper: the store is not on blobs.
     */
    static StoreLocations.Scheme<EventStore> tableStore(AzureAccount account) {
        return shownWhole((location, workingDirectory) -> {
            String rest = authority(location);
            TableLayout layout = TableLayout.defaults();
            if (rest.startsWith("?tablePrefix=")) {
                try {
                    layout = layout.withPrefix(rest.substring("?tablePrefix=".length()));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(location.option() + ": " + e.getMessage());
                }
            } else if (!rest.isEmpty()) {
                throw new UsageException(location.option() + ": an Azure Table event store is azure-table:// or "
                        + "azure-table://?tablePrefix=PREFIX (letters and digits); the tables are the reference's"
                        + " (objectdocumentstore, eventstream, ...)");
            }
            return new TableEventStore(account.tables(location), layout);
        });
    }

    static StoreLocations.Scheme<BackupProvider> backups(AzureAccount account, Retries retries) {
        return shownWhole((location, workingDirectory) -> {
            return new BlobBackupProvider(container(account, retries, location, "Azure backups"));
        });
    }

    /**
     * The reference library's backups in an Azure account: {@code azure-reference://} (its containers
     * {@code migration-backups} and {@code backup-registry}), or {@code azure-reference://CONTAINER} and
     * {@code ?registry=CONTAINER} for others.
     */
    static StoreLocations.Scheme<BackupProvider> referenceBackups(AzureAccount account, Retries retries) {
        return shownWhole((location, workingDirectory) -> {
            String rest = authority(location);
            String registry = ReferenceBackupProvider.REGISTRY_CONTAINER;
            int q = rest.indexOf('?');
            if (q >= 0) {
                String query = rest.substring(q + 1);
                if (!query.startsWith("registry=") || query.contains("&")) {
                    throw new UsageException(location.option() + ": the reference's backups are "
                            + "azure-reference://[CONTAINER][?registry=CONTAINER]");
                }
                registry = query.substring("registry=".length());
                rest = rest.substring(0, q);
            }
            String container = rest.isEmpty() ? ReferenceBackupProvider.BACKUPS_CONTAINER : rest;
            if (container.contains("/")) {
                throw new UsageException(location.option() + ": the reference's backups are "
                        + "azure-reference://[CONTAINER][?registry=CONTAINER], without a prefix");
            }
            containerName(location, "backups", container);
            containerName(location, "registry", registry);
            var client = account.client(location);
            return new ReferenceBackupProvider(
                    retries.wrap(AzureBlobStore.forContainer(client.getBlobContainerClient(container), "")),
                    retries.wrap(AzureBlobStore.forContainer(client.getBlobContainerClient(registry), "")));
        });
    }

    /** A registry shared through a container ({@code azure://CONTAINER[/PREFIX]}), under {@code backup-registry/}. */
    static StoreLocations.Scheme<BackupRegistry> registry(AzureAccount account, Retries retries) {
        return shownWhole((location, workingDirectory) -> {
            return new BlobBackupRegistry(container(account, retries, location, "An Azure registry"));
        });
    }

    /** {@code azure://CONTAINER[/PREFIX]} as a retrying store over that container and prefix. */
    private static BlobStore container(AzureAccount account, Retries retries, Location location, String what) {
        String rest = authority(location);
        int slash = rest.indexOf('/');
        String container = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (container.isEmpty() || rest.contains("?")) {
            throw new UsageException(location.option() + ": " + what + " is azure://CONTAINER or "
                    + "azure://CONTAINER/PREFIX");
        }
        return retries.wrap(AzureBlobStore.forContainer(account.client(location)
                .getBlobContainerClient(AzureBlobStore.requireContainerName(container)), prefix));
    }

    /** {@code name} if it is a valid container name, else a usage error naming the option and which container. */
    private static String containerName(Location location, String which, String name) {
        try {
            return AzureBlobStore.requireContainerName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(location.option() + ": the " + which + " container " + e.getMessage());
        }
    }

    /**
     * A scheme shown as given: an Azure location names containers and options, never a secret (the account is
     * given apart).
     */
    private static <T> StoreLocations.Scheme<T> shownWhole(StoreLocations.Scheme<T> open) {
        return new StoreLocations.Scheme<>() {
            @Override
            public T open(Location location, Path workingDirectory) {
                return open.open(location, workingDirectory);
            }

            @Override
            public String display(Location location, Path workingDirectory) {
                return location.text();
            }
        };
    }

    /** What follows {@code azure://} (or {@code azure-table://}). */
    private static String authority(Location location) {
        if (!location.rest().startsWith("//")) {
            throw new UsageException(location.option() + ": Azure locations start with " + location.scheme()
                    + "://");
        }
        return location.rest().substring(2);
    }
}
