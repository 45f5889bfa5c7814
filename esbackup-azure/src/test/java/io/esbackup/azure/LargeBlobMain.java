package io.esbackup.azure;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.WriteCondition;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/**
 * Run in a child JVM with a small heap by {@link LargeBlobTest}: writes {@code args[1]} MiB of seeded random
 * bytes through {@link AzureBlobStore#write} into container {@code args[0]} and reads them back, comparing
 * SHA-256 digests. The account is {@code $AZURE_STORAGE_CONNECTION_STRING}.
 */
public final class LargeBlobMain {
    private LargeBlobMain() {}

    public static void main(String[] args) throws Exception {
        AzureBlobStore store = AzureBlobStore.forContainer(
                AzureClients.fromConnectionString(System.getenv("AZURE_STORAGE_CONNECTION_STRING"))
                        .getBlobContainerClient(args[0]), "large");
        long mib = Long.parseLong(args[1]);
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        BlobInfo info = store.write("archive.bin", WriteCondition.createOnly(), out -> {
            Random random = new Random(42);
            byte[] chunk = new byte[1024 * 1024];
            for (long i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                written.update(chunk);
                out.write(chunk);
            }
        });
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long size = 0;
        try (Blob blob = store.read("archive.bin").orElseThrow(); InputStream in = blob.content()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                read.update(buffer, 0, n);
                size += n;
            }
            if (!blob.info().etag().equals(info.etag())) {
                throw new AssertionError("read ETag " + blob.info().etag() + " is not the written " + info.etag());
            }
        }
        String w = HexFormat.of().formatHex(written.digest());
        String r = HexFormat.of().formatHex(read.digest());
        if (size != mib * 1024 * 1024 || info.size() != size || !w.equals(r)) {
            throw new AssertionError("wrote " + info.size() + " bytes " + w + ", read " + size + " bytes " + r);
        }
        System.out.println("OK " + size + " " + r + " max heap " + Runtime.getRuntime().maxMemory());
    }
}
