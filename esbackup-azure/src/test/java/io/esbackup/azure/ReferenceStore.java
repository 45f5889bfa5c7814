package io.esbackup.azure;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobServiceClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The reference library's store (test resource {@code reference-store}, a copy of the testkit's fixture:
 * three aggregates, one chunked, one with a terminated stream, snapshots) and how to write it into Azure
 * with the SDK alone, as the reference would: the first path segment is the container.
 */
final class ReferenceStore {
    static final List<String[]> AGGREGATES = List.of(
            new String[] {"Order", "0b6e2c1a-7f3d-4a5e-9c81-2d4f6a8b0c11"},
            new String[] {"ShoppingCart", "c4a7e9b2-1d3f-4e6a-8b0c-9f2e4d6a8c13"},
            new String[] {"Order", "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c14"});

    private ReferenceStore() {}

    static Path root() {
        try {
            return Path.of(Objects.requireNonNull(ReferenceStore.class.getResource("/reference-store")).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's files, relative to its root, with {@code /} separators. */
    static List<String> files() {
        Path root = root();
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes every file with the SDK into container {@code containerPrefix + firstSegment}. */
    static void upload(BlobServiceClient client, String containerPrefix) {
        for (String file : files()) {
            int slash = file.indexOf('/');
            var container = client.getBlobContainerClient(containerPrefix + file.substring(0, slash));
            container.createIfNotExists();
            container.getBlobClient(file.substring(slash + 1)).upload(BinaryData.fromFile(root().resolve(file)));
        }
    }

    static byte[] read(String file) {
        try {
            return Files.readAllBytes(root().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
