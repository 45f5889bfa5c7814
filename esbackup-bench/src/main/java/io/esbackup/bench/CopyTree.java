package io.esbackup.bench;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.ValidationReport;
import io.esbackup.store.InMemoryEventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The files of a local backups folder that a copy carries, by relative name ({@code /}-separated, as blob names
 * are), with their sizes; and the checks that a copy of them is complete, so that a broken copy cannot look fast.
 *
 * @param sizes every file's size by name, sorted by name
 */
record CopyTree(Path root, Map<String, Long> sizes) {
    /** The folders of a backup's files in esbackup's layout: manifests and archives, and the id pointers. */
    static final List<String> FOLDERS = List.of("backups", "backup-index");
    private static final String MANIFEST = ".meta";

    CopyTree {
        sizes = Map.copyOf(sizes);
    }

    /**
     * The files under {@code root}; fails if it holds anything beside {@link #FOLDERS}, which a plain copy of the
     * folder would copy and esbackup would not.
     */
    static CopyTree of(Path root) {
        try (Stream<Path> top = Files.list(root)) {
            List<String> other = top.map(p -> p.getFileName().toString()).filter(n -> !FOLDERS.contains(n)).toList();
            if (!other.isEmpty()) {
                throw new IllegalStateException(root + " holds " + other + " beside " + FOLDERS
                        + ": the copies would not carry the same files");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        Map<String, Long> sizes = new TreeMap<>();
        for (Path f : Folders.files(root)) {
            try {
                sizes.put(name(root, f), Files.size(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stat " + f, e);
            }
        }
        return new CopyTree(root, sizes);
    }

    /** The name of {@code file} under {@code root}: its relative path with {@code /} between the parts. */
    static String name(Path root, Path file) {
        return root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/");
    }

    long bytes() {
        return sizes.values().stream().mapToLong(Long::longValue).sum();
    }

    int files() {
        return sizes.size();
    }

    /** The backups' ids, from their manifests' names, in name order. */
    List<UUID> backupIds() {
        return sizes.keySet().stream().filter(n -> n.startsWith("backups/") && n.endsWith(MANIFEST))
                .map(n -> UUID.fromString(n.substring(n.lastIndexOf('/') + 1, n.length() - MANIFEST.length())))
                .toList();
    }

    /**
     * Checks that the folder {@code copy} holds exactly these files with the same bytes, every one of them; says
     * what it checked.
     */
    String checkFolder(Path copy) {
        CopyTree there = of(copy);
        requireSameNames(there.sizes(), copy.toString());
        for (String name : sizes.keySet()) {
            try {
                if (Files.mismatch(root.resolve(name), copy.resolve(name)) != -1) {
                    throw new IllegalStateException("the copy's " + name + " is not the source's");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compare " + name, e);
            }
        }
        return String.format("checked: %,d manifests, all %,d files byte for byte", backupIds().size(), files());
    }

    /**
     * Checks that {@code container} holds exactly these files as blobs of the same names and sizes, and that
     * every {@code every}-th one's bytes are the file's; says what it checked.
     */
    String checkContainer(BlobContainerClient container, int every) {
        Map<String, Long> listed = new TreeMap<>();
        for (BlobItem b : container.listBlobs()) {
            listed.put(b.getName(), b.getProperties().getContentLength());
        }
        requireSameNames(listed, "container " + container.getBlobContainerName());
        List<String> names = new ArrayList<>(sizes.keySet());
        int compared = 0;
        for (int i = 0; i < names.size(); i += every) {
            byte[] there = container.getBlobClient(names.get(i)).downloadContent().toBytes();
            try {
                if (!Arrays.equals(there, Files.readAllBytes(root.resolve(names.get(i))))) {
                    throw new IllegalStateException("the copy's " + names.get(i) + " is not the source's");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + names.get(i), e);
            }
            compared++;
        }
        return String.format("checked: %,d manifests, %,d blobs of the same names and sizes, %,d of them byte "
                + "for byte", backupIds().size(), listed.size(), compared);
    }

    /**
     * Validates every {@code every}-th backup at {@code copy}, found by id as a restore finds it (through its id
     * pointer), archive read and checked in full; returns how many.
     */
    int validate(BackupProvider copy, int every) {
        BackupRestoreService service = BackupRestoreService.builder(new InMemoryEventStore(), copy).build();
        List<UUID> ids = backupIds();
        int validated = 0;
        for (int i = 0; i < ids.size(); i += every) {
            ValidationReport report = service.validateBackup(ids.get(i));
            if (!report.valid()) {
                throw new IllegalStateException("the copy of backup " + ids.get(i) + " is not valid: "
                        + report.problems());
            }
            validated++;
        }
        return validated;
    }

    private void requireSameNames(Map<String, Long> copy, String where) {
        if (copy.equals(sizes)) {
            return;
        }
        List<String> missing = sizes.keySet().stream().filter(n -> !copy.containsKey(n)).limit(3).toList();
        List<String> extra = copy.keySet().stream().filter(n -> !sizes.containsKey(n)).limit(3).toList();
        List<String> resized = sizes.keySet().stream().filter(n -> copy.containsKey(n)
                && !copy.get(n).equals(sizes.get(n))).limit(3).toList();
        throw new IllegalStateException(String.format("%s holds %,d files, the source %,d; missing %s, extra %s, "
                + "other sizes %s", where, copy.size(), sizes.size(), missing, extra, resized));
    }
}
