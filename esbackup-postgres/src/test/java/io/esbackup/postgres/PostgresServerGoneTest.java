package io.esbackup.postgres;

import static io.esbackup.postgres.TestManifests.id;
import static io.esbackup.postgres.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.BackupManifest;
import io.esbackup.backup.BackupQuery;
import io.esbackup.error.TransientStorageException;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A database that goes away mid-use: on a server of this test's own, which it stops. */
class PostgresServerGoneTest {

    @Test
    void aStoppedServerGivesTransientFailuresNamingTheOperationButNotThePassword() {
        PostgresServer server = PostgresServer.start();
        String url = "postgresql://" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "@127.0.0.1:"
                + server.port() + "/" + PostgresServer.DATABASE;
        try (PostgresBackupRegistry registry = PostgresBackupRegistry.fromUrl(url, name -> null,
                config -> config.setConnectionTimeout(1_000))) {
            int recorded = 2 * PostgresBackupRegistry.FETCH_SIZE + 1;
            for (int n = 0; n < recorded; n++) {
                registry.record(manifest(n, "Order", "o-1"));
            }
            Stream<BackupManifest> open = registry.query(BackupQuery.builder().objectName("Order").build());
            Iterator<BackupManifest> rows = open.iterator();
            assertThat(rows.next()).isNotNull();

            server.close();

            assertThatThrownBy(() -> registry.record(manifest(recorded, "Order", "o-1")))
                    .isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("recording backup " + id(recorded))
                    .hasMessageNotContaining(PostgresServer.PASSWORD);
            assertThatThrownBy(() -> registry.find(id(0))).isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("finding backup " + id(0))
                    .hasMessageNotContaining(PostgresServer.PASSWORD);
            assertThatThrownBy(() -> registry.remove(id(0))).isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("removing backup " + id(0));
            assertThatThrownBy(() -> registry.query(BackupQuery.ALL)).isInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("querying backups");
            // The open query has its first batch; the next one cannot come.
            assertThatThrownBy(() -> {
                while (rows.hasNext()) {
                    rows.next();
                }
            }).isInstanceOf(TransientStorageException.class).hasMessageContaining("querying backups")
                    .hasMessageNotContaining(PostgresServer.PASSWORD);
            open.close(); // gives back what it held without failing, though the server is gone
        } finally {
            server.close();
        }
    }
}
