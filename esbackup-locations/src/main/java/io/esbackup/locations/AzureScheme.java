package io.esbackup.locations;

import io.esbackup.azure.AzureBlobStore;
import io.esbackup.azure.AzureClients;
import io.esbackup.azure.TableEventStore;
import io.esbackup.azure.TableLayout;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BlobBackupProvider;
import io.esbackup.backup.BlobBackupRegistry;
import io.esbackup.backup.ReferenceBackupProvider;
import io.esbackup.blob.BlobStore;
import io.esbackup.store.BlobEventStore;
import io.esbackup.store.EventStore;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code azure:} locations. Backups: {@code azure://CONTAINER[/PREFIX]}. An event store in the reference
 * layout: {@code azure://} (documents in {@code object-document-store}) or
 * {@code azure://?documentContainer=NAME}. The account comes from {@link AzureAccount}. Both sit on
 * {@link Retries} over the {@link AzureBlobStore}, in the same layout as {@code AzureEventStores} and
 * {@code AzureBlobBackupProvider}. Each location is read (and checked) before the account is asked for a client.
 */
final class AzureScheme {
    private AzureScheme() {}

    static StoreLocations.Scheme<EventStore> store(AzureAccount account, Retries retries) {
        return shownWhole(location -> {
            String rest = authority(location);
            String documents = BlobEventStore.DEFAULT_DOCUMENT_CONTAINER;
            if (rest.startsWith("?documentContainer=")) {
                documents = rest.substring("?documentContainer=".length());
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException(location.option() + ": an Azure event store is azure:// or "
                        + "azure://?documentContainer=NAME; the containers are named after the object names");
            }
            return containerName(location, "document", documents);
        }, (location, documents) -> new BlobEventStore(
                retries.wrap(AzureBlobStore.forAccount(account.client(location))), documents));
    }

    /**
     * An event store in the reference's Table layout: {@code azure-table://}, or
     * {@code azure-table://?tablePrefix=P} for tables named {@code P} + the reference's default names. Requests
     * are retried by the SDK's policy ({@link AzureClients}), not by a wrapper: the store is not on blobs.
     */
    static StoreLocations.Scheme<EventStore> tableStore(AzureAccount account) {
        return shownWhole(location -> {
            String rest = authority(location);
            TableLayout layout = TableLayout.defaults();
            if (rest.startsWith("?tablePrefix=")) {
                try {
                    layout = layout.withPrefix(rest.substring("?tablePrefix=".length()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(location.option() + ": " + e.getMessage());
                }
            } else if (!rest.isEmpty()) {
                throw new IllegalArgumentException(location.option() + ": an Azure Table event store is "
                        + "azure-table:// or azure-table://?tablePrefix=PREFIX (letters and digits); the tables are "
                        + "the reference's (objectdocumentstore, eventstream, ...)");
            }
            return layout;
        }, (location, layout) -> new TableEventStore(account.tables(location), layout));
    }

    static StoreLocations.Scheme<BackupProvider> backups(AzureAccount account, Retries retries) {
        return shownWhole(location -> container(location, "Azure backups", "backups"),
                (location, container) -> new BlobBackupProvider(open(account, retries, location, container)));
    }

    /** A registry shared through a container ({@code azure://CONTAINER[/PREFIX]}), under {@code backup-registry/}. */
    static StoreLocations.Scheme<BackupRegistry> registry(AzureAccount account, Retries retries) {
        return shownWhole(location -> container(location, "An Azure registry", "registry"),
                (location, container) -> new BlobBackupRegistry(open(account, retries, location, container)));
    }

    /**
     * The reference library's backups in an Azure account: {@code azure-reference://} (its containers
     * {@code migration-backups} and {@code backup-registry}), or {@code azure-reference://CONTAINER} and
     * {@code ?registry=CONTAINER} for others.
     */
    static StoreLocations.Scheme<BackupProvider> referenceBackups(AzureAccount account, Retries retries) {
        return shownWhole(location -> {
            String rest = authority(location);
            String registry = ReferenceBackupProvider.REGISTRY_CONTAINER;
            int q = rest.indexOf('?');
            if (q >= 0) {
                String query = rest.substring(q + 1);
                if (!query.startsWith("registry=") || query.contains("&")) {
                    throw new IllegalArgumentException(location.option() + ": the reference's backups are "
                            + "azure-reference://[CONTAINER][?registry=CONTAINER]");
                }
                registry = query.substring("registry=".length());
                rest = rest.substring(0, q);
            }
            String container = rest.isEmpty() ? ReferenceBackupProvider.BACKUPS_CONTAINER : rest;
            if (container.contains("/")) {
                throw new IllegalArgumentException(location.option() + ": the reference's backups are "
                        + "azure-reference://[CONTAINER][?registry=CONTAINER], without a prefix");
            }
            return new ReferenceContainers(containerName(location, "backups", container),
                    containerName(location, "registry", registry));
        }, (location, containers) -> {
            var client = account.client(location);
            return new ReferenceBackupProvider(
                    retries.wrap(AzureBlobStore.forContainer(client.getBlobContainerClient(containers.backups()), "")),
                    retries.wrap(AzureBlobStore.forContainer(client.getBlobContainerClient(containers.registry()), "")));
        });
    }

    /** A container and a prefix in it. */
    private record Container(String name, String prefix) {}

    /** The reference's two containers. */
    private record ReferenceContainers(String backups, String registry) {}

    /** {@code azure://CONTAINER[/PREFIX]}, read and checked. */
    private static Container container(Location location, String what, String which) {
        String rest = authority(location);
        int slash = rest.indexOf('/');
        String container = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (container.isEmpty() || rest.contains("?")) {
            throw new IllegalArgumentException(location.option() + ": " + what + " is azure://CONTAINER or "
                    + "azure://CONTAINER/PREFIX");
        }
        return new Container(containerName(location, which, container), prefix);
    }

    /** A retrying store over the container and prefix. */
    private static BlobStore open(AzureAccount account, Retries retries, Location location, Container container) {
        return retries.wrap(AzureBlobStore.forContainer(account.client(location)
                .getBlobContainerClient(container.name()), container.prefix()));
    }

    /** {@code name} if it is a valid container name, else an error naming the option and which container. */
    private static String containerName(Location location, String which, String name) {
        try {
            return AzureBlobStore.requireContainerName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(location.option() + ": the " + which + " container "
                    + e.getMessage());
        }
    }

    /**
     * A scheme that reads a location with {@code parse} (which is also its check) and opens what it read with
     * {@code open}; shown as given: an Azure location names containers and options, never a secret (the account
     * is given apart).
     */
    private static <P, T> StoreLocations.Scheme<T> shownWhole(Function<Location, P> parse,
                                                              BiFunction<Location, P, T> open) {
        return new StoreLocations.Scheme<>() {
            @Override
            public T open(Location location, Path workingDirectory) {
                return open.apply(location, parse.apply(location));
            }

            @Override
            public String display(Location location, Path workingDirectory) {
                return location.text();
            }

            @Override
            public void check(Location location, Path workingDirectory) {
                parse.apply(location);
            }
        };
    }

    /** What follows {@code azure://} (or {@code azure-table://}). */
    private static String authority(Location location) {
        if (!location.rest().startsWith("//")) {
            throw new IllegalArgumentException(location.option() + ": Azure locations start with "
                    + location.scheme() + "://");
        }
        return location.rest().substring(2);
    }
}
