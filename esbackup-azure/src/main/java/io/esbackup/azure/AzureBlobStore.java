package io.esbackup.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.ListBlobContainersOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlobInputStream;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobKeys;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.PartedUpload;
import io.esbackup.blob.WriteCondition;
import io.esbackup.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@link BlobStore} SPI over Azure Blob Storage, in one of two shapes:
 *
 * <ul>
 *   <li>{@link #forAccount}: a key's first segment is a container, the rest the blob name
 *       ({@code object-document-store/Order/42.json}); this is the reference library's layout, which
 *       {@link io.esbackup.store.BlobEventStore} reads and writes. Containers are created when missing.
 *   <li>{@link #forContainer}: keys are blob names, under an optional prefix, in one container (created
 *       when missing); where backups are kept.
 * </ul>
 *
 * <p>Writes are streamed in blocks of {@link #BLOCK_SIZE}: content that fits in one block is sent with
 * one Put Blob; larger content is staged block by block and made visible by committing the block list.
 * Both carry the write's condition ({@code If-None-Match: *} for create-only, {@code If-Match} for
 * if-match), so the service decides who wins; a writer that throws commits nothing. Reads stream through
 * the SDK's {@link BlobInputStream}, which pins the ETag it started with, so the bytes returned are
 * exactly those the ETag names. Errors are translated by status code by {@link AzureErrors}. Retries of
 * transient failures are the client's business: build it with {@link AzureClients}.
 */
public final class AzureBlobStore implements BlobStore {
    /** The size of one staged block, and the largest content sent with a single Put Blob. */
    public static final int BLOCK_SIZE = 4 * 1024 * 1024;
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

    private final BlobServiceClient service;
    private final BlobContainerClient container;
    private final String prefix;
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    private AzureBlobStore(BlobServiceClient service, BlobContainerClient container, String prefix) {
        this.service = service;
        this.container = container;
        this.prefix = prefix;
    }

    /** A store over the whole account: a key's first segment is its container. */
    public static AzureBlobStore forAccount(BlobServiceClient service) {
        if (service == null) {
            throw new IllegalArgumentException("service must not be null");
        }
        return new AzureBlobStore(service, null, "");
    }

    /**
     * A store over one container: key {@code k} is the blob {@code prefix/k} ({@code k} when the prefix is
     * empty). The container is created on first use when missing.
     */
    public static AzureBlobStore forContainer(BlobContainerClient container, String prefix) {
        if (container == null) {
            throw new IllegalArgumentException("container must not be null");
        }
        requireContainerName(container.getBlobContainerName());
        return new AzureBlobStore(null, container, BlobKeys.folderPrefix(prefix));
    }

    /**
     * Returns {@code name} if it is a valid container name: 3 to 63 characters, lower-case letters, digits
     * and single hyphens, starting and ending with a letter or digit.
     */
    public static String requireContainerName(String name) {
        if (name == null || !CONTAINER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid Azure container name: use 3 to 63"
                    + " lower-case letters, digits and single hyphens, starting and ending with a letter or digit");
        }
        return name;
    }

    /** Where this store keeps its blobs, for messages: the account and container, never a secret. */
    @Override
    public String toString() {
        return service != null
                ? "azure account " + service.getAccountName()
                : "azure container " + container.getBlobContainerName() + (prefix.isEmpty() ? "" : "/" + prefix)
                        + " in account " + container.getAccountName();
    }

    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(writer, "writer");
        Location at = locate(key);
        ensureContainer(at.container());
        BlockUpload upload = new BlockUpload(at.blob().getBlockBlobClient(), conditions(condition));
        try {
            writer.writeTo(upload);
        } catch (IOException | RuntimeException e) {
            // Azure's failure while staging a block surfaced through the writer; anything else is the
            // writer's own and propagates as it is (an IOException as a StorageException, as in every store).
            if (upload.failure() != null) {
                throw AzureErrors.onWrite(key, condition, upload.failure());
            }
            if (e instanceof IOException io) {
                throw new StorageException("writing blob " + key, io);
            }
            throw (RuntimeException) e;
        }
        try {
            BlockBlobItem item = upload.commit();
            return new BlobInfo(key, upload.size(), item.getETag(), instant(item.getLastModified()));
        } catch (RuntimeException e) {
            throw AzureErrors.onWrite(key, condition, upload.failure() != null ? upload.failure() : e);
        }
    }

    @Override
    public Optional<Blob> read(String key) {
        Location at = locate(key);
        try {
            BlobInputStream in = at.blob().openInputStream(new BlobInputStreamOptions().setBlockSize(BLOCK_SIZE));
            BlobProperties p = in.getProperties();
            return Optional.of(new Blob(new BlobInfo(key, p.getBlobSize(), p.getETag(), instant(p.getLastModified())),
                    in));
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AzureErrors.translate("reading blob " + key, e);
        }
    }

    /** Fetches only the range, in blocks: a pack's entry without the rest of the pack. */
    @Override
    public Optional<Blob> readRange(String key, long offset, long length) {
        if (offset < 0 || length < 0) {
            return BlobStore.super.readRange(key, offset, length); // the default names the bad argument
        }
        if (length == 0) {
            return stat(key).map(info -> new Blob(info, InputStream.nullInputStream()));
        }
        Location at = locate(key);
        try {
            BlobInputStream in = at.blob().openInputStream(new BlobInputStreamOptions()
                    .setRange(new BlobRange(offset, length)).setBlockSize(BLOCK_SIZE));
            BlobProperties p = in.getProperties();
            BlobInfo info = new BlobInfo(key, p.getBlobSize(), p.getETag(), instant(p.getLastModified()));
            if (offset >= p.getBlobSize()) {
                in.close();
                return Optional.of(new Blob(info, InputStream.nullInputStream()));
            }
            return Optional.of(new Blob(info, in));
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return Optional.empty();
            }
            if (AzureErrors.isRangeNotSatisfiable(e)) {
                // a range from the end on: the contract says no bytes, as a file's would
                return stat(key).map(info -> new Blob(info, InputStream.nullInputStream()));
            }
            throw AzureErrors.translate("reading blob " + key + " from byte " + offset, e);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        Location at = locate(key);
        try {
            BlobProperties p = at.blob().getProperties();
            return Optional.of(new BlobInfo(key, p.getBlobSize(), p.getETag(), instant(p.getLastModified())));
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AzureErrors.translate("reading the properties of blob " + key, e);
        }
    }

    @Override
    public Stream<BlobInfo> list(String listPrefix) {
        BlobKeys.requireValidPrefix(listPrefix);
        if (service == null) {
            return blobs(container, prefix + listPrefix, prefix.length(), "");
        }
        int slash = listPrefix.indexOf('/');
        if (slash >= 0) {
            String name = requireContainerName(listPrefix.substring(0, slash));
            return blobs(service.getBlobContainerClient(name), listPrefix.substring(slash + 1), 0, name + "/");
        }
        // No container named yet: every container whose name starts with the prefix, lazily one after another.
        ListBlobContainersOptions options = new ListBlobContainersOptions().setMaxResultsPerPage(1000);
        if (!listPrefix.isEmpty()) {
            options.setPrefix(listPrefix);
        }
        return AzureErrors.lazily("listing containers", () -> service.listBlobContainers(options, null).stream())
                .flatMap(c -> blobs(service.getBlobContainerClient(c.getName()), "", 0, c.getName() + "/"));
    }

    private Stream<BlobInfo> blobs(BlobContainerClient in, String blobPrefix, int strip, String keyPrefix) {
        ListBlobsOptions options = new ListBlobsOptions().setMaxResultsPerPage(1000);
        if (!blobPrefix.isEmpty()) {
            options.setPrefix(blobPrefix);
        }
        String what = "listing " + in.getBlobContainerName() + "/" + blobPrefix;
        return AzureErrors.lazily(what, () -> in.listBlobs(options, null).stream())
                .map(item -> info(keyPrefix + item.getName().substring(strip), item));
    }

    private static BlobInfo info(String key, BlobItem item) {
        var p = item.getProperties();
        return new BlobInfo(key, p.getContentLength() == null ? 0 : p.getContentLength(), p.getETag(),
                instant(p.getLastModified()));
    }

    @Override
    public boolean delete(String key) {
        Location at = locate(key);
        try {
            at.blob().deleteWithResponse(null, null, null, Context.NONE);
            return true;
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return false;
            }
            throw AzureErrors.translate("deleting blob " + key, e);
        }
    }

    @Override
    public void checkKey(String key) {
        locate(key);
    }

    private record Location(BlobContainerClient container, BlobClient blob) {
    }

    private Location locate(String key) {
        BlobKeys.requireValid(key);
        if (service == null) {
            return new Location(container, container.getBlobClient(prefix + key));
        }
        int slash = key.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("blob key '" + key + "' names no blob: in an account store the first"
                    + " segment is the container and the rest the blob name");
        }
        BlobContainerClient c = service.getBlobContainerClient(requireContainerName(key.substring(0, slash)));
        return new Location(c, c.getBlobClient(key.substring(slash + 1)));
    }

    private void ensureContainer(BlobContainerClient c) {
        String name = c.getBlobContainerName();
        if (created.contains(name)) {
            return;
        }
        try {
            c.createIfNotExists();
            created.add(name);
        } catch (RuntimeException e) {
            throw AzureErrors.translate("creating container " + name, e);
        }
    }

    private static BlobRequestConditions conditions(WriteCondition condition) {
        return switch (condition.kind()) {
            case CREATE_ONLY -> new BlobRequestConditions().setIfNoneMatch("*");
            case IF_MATCH -> new BlobRequestConditions().setIfMatch(condition.etag());
            case OVERWRITE -> null;
        };
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /**
     * The writer's output: each full block is staged as it fills; on {@link #commit} the only block is sent with
     * one Put Blob, or the last one staged and the list committed. Nothing is visible before then.
     */
    private static final class BlockUpload extends PartedUpload {
        private final BlockBlobClient blob;
        private final BlobRequestConditions conditions;
        private final String uploadId = UUID.randomUUID().toString();
        private final List<String> blockIds = new ArrayList<>();

        BlockUpload(BlockBlobClient blob, BlobRequestConditions conditions) {
            super(BLOCK_SIZE);
            this.blob = blob;
            this.conditions = conditions;
        }

        @Override
        protected void sendPart(byte[] part, int length) {
            // Block ids must all have the same length within a blob, also across concurrent writers.
            String id = Base64.getEncoder().encodeToString(
                    String.format("%s-%08d", uploadId, blockIds.size()).getBytes(StandardCharsets.US_ASCII));
            blob.stageBlock(id, BinaryData.fromBytes(length == part.length ? part : Arrays.copyOf(part, length)));
            blockIds.add(id);
        }

        BlockBlobItem commit() {
            finishWriting();
            if (blockIds.isEmpty()) {
                BinaryData data = BinaryData.fromBytes(rest());
                return blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(data).setRequestConditions(conditions),
                        null, Context.NONE).getValue();
            }
            if (restSize() > 0) {
                sendPart(rest(), restSize());
            }
            return blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blockIds)
                    .setRequestConditions(conditions), null, Context.NONE).getValue();
        }
    }
}
