package io.esbackup.postgres;

import static io.esbackup.postgres.TestManifests.id;
import static io.esbackup.postgres.TestManifests.manifest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.esbackup.archive.BackupManifest;
import io.esbackup.error.BackupException;
import io.esbackup.error.TransientStorageException;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code postgresql://} locations: parsing, PGPASSWORD, and a password that no message or name shows. */
@ExtendWith(PostgresServer.class)
class PostgresUrlTest {
    private static final String SECRET = "hunter2-Pw";
    private static final UnaryOperator<String> NO_ENVIRONMENT = name -> null;

    @Test
    void everyPartIsRead() {
        PostgresUrl url = PostgresUrl.parse("postgresql://backup%40ops:" + SECRET + "%2F%40@db.example:6543/reg"
                + "?schema=ops&table=backups", NO_ENVIRONMENT);
        assertThat(url.user).isEqualTo("backup@ops");
        assertThat(url.password).isEqualTo(SECRET + "/@");
        assertThat(url.host).isEqualTo("db.example");
        assertThat(url.port).isEqualTo(6543);
        assertThat(url.database).isEqualTo("reg");
        assertThat(url.schema).isEqualTo("ops");
        assertThat(url.table).isEqualTo("backups");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/reg");
        assertThat(url).hasToString("postgresql://backup@ops@db.example:6543/reg");

        PostgresUrl plain = PostgresUrl.parse("postgresql://u@[::1]/d", NO_ENVIRONMENT);
        assertThat(plain.host).isEqualTo("[::1]");
        assertThat(plain.port).isEqualTo(5432);
        assertThat(plain.password).isNull();
        assertThat(plain.schema).isNull();
        assertThat(plain.table).isEqualTo(PostgresBackupRegistry.DEFAULT_TABLE);
    }

    @Test
    void withoutAPasswordInTheUrlPgpasswordGivesIt() {
        Map<String, String> environment = Map.of("PGPASSWORD", SECRET);
        assertThat(PostgresUrl.parse("postgresql://u@h:1/d", environment::get).password).isEqualTo(SECRET);
        assertThat(PostgresUrl.parse("postgresql://u:@h:1/d", environment::get).password).isEqualTo(SECRET);
        assertThat(PostgresUrl.parse("postgresql://u:other@h:1/d", environment::get).password).isEqualTo("other");
    }

    @Test
    void aBadUrlIsNamedWithoutItsPassword() {
        String[][] cases = {
                {null, "url must not be null"},
                {"postgres://u:" + SECRET + "@h:1/d", "url must start with postgresql://"},
                {"postgresql://u:" + SECRET + "@h:1", "url names no database"},
                {"postgresql://h:1/d", "url names no user"},
                {"postgresql://:" + SECRET + "@h:1/d", "url names no user"},
                {"postgresql://u:" + SECRET + "@:1/d", "url names no valid host"},
                {"postgresql://u:" + SECRET + "@h:99999/d", "url's port must be a number from 1 to 65535, was '99999'"},
                {"postgresql://u:" + SECRET + "@h:x/d", "url's port must be a number"},
                {"postgresql://u:" + SECRET + "@h:1/", "url names no database"},
                {"postgresql://u:" + SECRET + "@h:1/d/e", "url names no database"},
                {"postgresql://u:" + SECRET + "%4@h:1/d", "url's password has a '%' not followed by two hex digits"},
                {"postgresql://u:" + SECRET + "@[::1/d", "url's IPv6 host lacks its closing ']'"},
                {"postgresql://u:" + SECRET + "@h:1/d?sslmode=disable", "url parameter 'sslmode' is not known"},
                {"postgresql://u:" + SECRET + "@h:1/d?table=Bad-Name", "table must be 1 to 48"},
                {"postgresql://u:" + SECRET + "@h:1/d?schema=1st", "schema must be 1 to 63"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> PostgresBackupRegistry.fromUrl(c[0], NO_ENVIRONMENT, config -> { }))
                    .as(c[0]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c[1])
                    .hasMessageNotContaining(SECRET);
        }
    }

    @Test
    void aRegistryFromAUrlWorksWithThePasswordFromTheUrlOrPgpassword() {
        PostgresServer server = PostgresServer.shared();
        String withPassword = "postgresql://" + PostgresServer.USER + ":" + PostgresServer.PASSWORD + "@127.0.0.1:"
                + server.port() + "/" + PostgresServer.DATABASE + "?schema=" + PostgresServer.uniqueSchema("url");
        try (PostgresBackupRegistry registry = PostgresBackupRegistry.fromUrl(withPassword, NO_ENVIRONMENT,
                config -> { })) {
            BackupManifest m = manifest(1, "Order", "o-1");
            registry.record(m);
            assertThat(registry.find(id(1))).hasValue(m);
            assertThat(registry.toString()).contains(PostgresServer.USER + "@127.0.0.1:" + server.port())
                    .doesNotContain(PostgresServer.PASSWORD);
        }
        Map<String, String> environment = Map.of("PGPASSWORD", PostgresServer.PASSWORD);
        try (PostgresBackupRegistry registry = PostgresBackupRegistry.fromUrl(server.url() + "?table=from_env",
                environment::get, config -> { })) {
            BackupManifest m = manifest(2, "Order", "o-2");
            registry.record(m);
            assertThat(registry.find(id(2))).hasValue(m);
        }
    }

    @Test
    void aWrongPasswordFailsTheFirstCallWithoutShowingThePassword() {
        String url = PostgresServer.shared().url().replace(PostgresServer.USER + "@",
                PostgresServer.USER + ":" + SECRET + "@");
        try (PostgresBackupRegistry registry = PostgresBackupRegistry.fromUrl(url, NO_ENVIRONMENT,
                config -> config.setConnectionTimeout(1_000))) {
            assertThatThrownBy(() -> registry.record(manifest(1, "Order", "o-1")))
                    // Retrying will not fix a password: not transient.
                    .isExactlyInstanceOf(BackupException.class).isNotInstanceOf(TransientStorageException.class)
                    .hasMessageContaining("recording backup " + id(1))
                    .hasMessageContaining("28P01") // invalid_password
                    .hasMessageNotContaining(SECRET);
            assertThat(registry.toString()).doesNotContain(SECRET);
        }
    }
}
