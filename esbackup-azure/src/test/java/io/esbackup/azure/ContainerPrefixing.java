package io.esbackup.azure;

import io.esbackup.blob.Blob;
import io.esbackup.blob.BlobInfo;
import io.esbackup.blob.BlobKeys;
import io.esbackup.blob.BlobStore;
import io.esbackup.blob.BlobWriter;
import io.esbackup.blob.WriteCondition;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Test isolation for an account store, which every test in the JVM shares: every key is {@code prefix + key},
 * so this store's containers are those whose names start with the prefix. With a prefix ending in
 * {@code -}, key {@code order/x.json} is blob {@code x.json} in container {@code PREFIXorder}; with one
 * ending in {@code /}, the whole store lives in one container.
 */
final class ContainerPrefixing implements BlobStore {
    private final BlobStore account;
    private final String prefix;

    ContainerPrefixing(BlobStore account, String prefix) {
        this.account = account;
        this.prefix = prefix;
    }

    private String map(String key) {
        return prefix + BlobKeys.requireValid(key);
    }

    private BlobInfo unmap(BlobInfo info) {
        return new BlobInfo(info.key().substring(prefix.length()), info.size(), info.etag(), info.lastModified());
    }

    @Override
    public BlobInfo write(String key, WriteCondition condition, BlobWriter writer) {
        return unmap(account.write(map(key), condition, writer));
    }

    @Override
    public Optional<Blob> read(String key) {
        return account.read(map(key)).map(b -> new Blob(unmap(b.info()), b.content()));
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        return account.stat(map(key)).map(this::unmap);
    }

    @Override
    public Stream<BlobInfo> list(String listPrefix) {
        return account.list(prefix + BlobKeys.requireValidPrefix(listPrefix)).map(this::unmap);
    }

    @Override
    public boolean delete(String key) {
        return account.delete(map(key));
    }
}
