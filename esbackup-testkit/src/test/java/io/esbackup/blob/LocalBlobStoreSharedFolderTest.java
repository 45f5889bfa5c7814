package io.esbackup.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.error.ConflictException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two LocalBlobStore instances over one folder in one JVM: an if-match write still has exactly one winner. */
class LocalBlobStoreSharedFolderTest {
    @TempDir
    Path dir;

    @Test
    void ifMatchIsAtomicAcrossInstancesOverOneFolder() throws Exception {
        LocalBlobStore b = new LocalBlobStore(dir);
        String etag = b.write("doc.json", WriteCondition.createOnly(), bytes("v0")).etag();
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread[] writer = new Thread[1];
        FileOps racing = new FileOps() {
            @Override
            void rename(Path temp, Path target) throws IOException {
                if (writer[0] == null) {
                    // Instance B tries the same if-match while A is between its check and its rename.
                    writer[0] = new Thread(() -> {
                        try {
                            b.write("doc.json", WriteCondition.ifMatch(etag), bytes("vB"));
                        } catch (Throwable t) {
                            second.set(t);
                        }
                    });
                    writer[0].start();
                    try {
                        writer[0].join(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.rename(temp, target);
            }
        };
        LocalBlobStore a = new LocalBlobStore(dir, racing);

        a.write("doc.json", WriteCondition.ifMatch(etag), bytes("vA"));
        writer[0].join();

        assertThat(second.get()).isInstanceOf(ConflictException.class);
        assertThat(new String(b.readAllBytes("doc.json").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("vA");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
