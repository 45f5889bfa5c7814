package io.esbackup.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listing describes each file from the attributes its walk read, and a link by what it points at: what it
 * lists is what {@code stat} says, links to files included, dangling links and links to folders left out.
 */
class LocalBlobStoreListingTest {
    @TempDir
    Path root;

    private static Map<String, String> listed(LocalBlobStore store, String prefix) {
        try (Stream<BlobInfo> all = store.list(prefix)) {
            return all.collect(Collectors.toMap(BlobInfo::key, BlobInfo::etag));
        }
    }

    @Test
    void filesAndLinksAreListedAsStatSeesThem() throws Exception {
        LocalBlobStore store = new LocalBlobStore(root);
        store.write("c/a.json", WriteCondition.overwrite(), new byte[] {1});
        store.write("c/sub/b.json", WriteCondition.overwrite(), new byte[] {2, 3});
        store.write("other/x.json", WriteCondition.overwrite(), new byte[] {4});
        Files.createSymbolicLink(root.resolve("c/link.json"), root.resolve("other/x.json"));
        Files.createSymbolicLink(root.resolve("c/dangling.json"), root.resolve("other/none.json"));
        Files.createSymbolicLink(root.resolve("c/dirlink"), root.resolve("other"));

        Map<String, String> all = listed(store, "c/");
        assertThat(all).containsOnlyKeys("c/a.json", "c/sub/b.json", "c/link.json");
        all.forEach((key, etag) -> assertThat(store.stat(key).orElseThrow().etag()).as(key).isEqualTo(etag));
        assertThat(listed(store, "c/l")).containsOnlyKeys("c/link.json");
        assertThat(listed(store, "c/d")).isEmpty();
        assertThat(listed(store, "c/s")).containsOnlyKeys("c/sub/b.json");
        assertThat(listed(store, "")).containsOnlyKeys("c/a.json", "c/sub/b.json", "c/link.json", "other/x.json");
        assertThat(listed(store, "c")).containsOnlyKeys("c/a.json", "c/sub/b.json", "c/link.json");
    }
}
