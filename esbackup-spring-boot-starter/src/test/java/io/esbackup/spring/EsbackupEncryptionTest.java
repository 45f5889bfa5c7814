package io.esbackup.spring;

import static io.esbackup.spring.EsbackupAutoConfigurationTest.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import io.esbackup.archive.ArchiveFormat;
import io.esbackup.backup.ArchiveEncryption;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupOptions;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.crypto.Keysets;
import io.esbackup.crypto.TinkEncryption;
import io.esbackup.error.KeysetRequiredException;
import io.esbackup.store.EventStore;
import io.esbackup.store.FileEventStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Encrypted backups through the starter, on real folders with real Tink keysets: the keyset properties, the
 * scheduled backup's {@code encrypt}, the endpoint's, an application's own {@link ArchiveEncryption}, and the
 * failures, whose messages never hold key material.
 */
class EsbackupEncryptionTest {
    /** A cron that does not fire during a test: firings are run by hand. */
    private static final String NEVER = "0 0 0 1 1 *";
    /** In every event's payload; must never be found in the backups folder in the clear. */
    private static final String SECRET = "card-4111-1111-1111-1111";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, EsbackupAutoConfiguration.class,
                    EsbackupScheduleAutoConfiguration.class, EsbackupActuatorAutoConfiguration.class));

    private final String keyset = Keysets.newKeysetJson();

    @TempDir
    Path dir;

    private boolean created;

    private ApplicationContextRunner withOrders(String... properties) {
        if (!created) {
            FileEventStore store = new FileEventStore(dir.resolve("esdata"));
            Aggregates.create(store, "order", "o-1", 3, SECRET);
            Aggregates.create(store, "order", "o-2", 4, SECRET);
            created = true;
        }
        return runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                "esbackup.backups=file:" + dir.resolve("backups")).withPropertyValues(properties);
    }

    @Test
    void theKeysetPropertyEncryptsBackupsMadeThroughTheService() {
        withOrders("esbackup.encryption.keyset=" + keyset).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ArchiveEncryption.class);
            assertThat(context.getBean(ArchiveEncryption.class)).isInstanceOf(TinkEncryption.class);
            assertEncryptedRoundTrip(context, keyset);
        });
    }

    @Test
    void theKeysetFilePropertyEncryptsThemToo() throws Exception {
        Path file = Files.writeString(dir.resolve("keyset.json"), keyset);
        withOrders("esbackup.encryption.keyset-file=" + file).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ArchiveEncryption.class);
            assertEncryptedRoundTrip(context, keyset);
            // A keyset makes encryption possible, not compulsory: a backup not asked to encrypt is plain.
            BackupHandle plain = context.getBean(BackupRestoreService.class).backupStream("order", "o-2");
            assertThat(plain.manifest().encrypted()).isFalse();
        });
    }

    @Test
    void theKeysetComesFromTheEnvironmentVariableToo() {
        // Spring Boot reads a SystemEnvironmentPropertySource so named as it reads the process's environment.
        withOrders().withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource("test-systemEnvironment",
                                Map.of("ESBACKUP_ENCRYPTION_KEYSET", keyset))))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ArchiveEncryption.class);
                    assertEncryptedRoundTrip(context, keyset);
                });
    }

    @Test
    void anEmptyKeysetIsNone() {
        // As an environment variable set empty over application.properties: no keyset, and start-up goes on.
        withOrders("esbackup.encryption.keyset=", "esbackup.encryption.keyset-file= ").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ArchiveEncryption.class);
            assertThat(catchThrowable(() -> context.getBean(BackupRestoreService.class).backupStream("order", "o-1",
                    BackupOptions.builder().encrypt(true).build()))).isInstanceOf(KeysetRequiredException.class);
        });
    }

    @Test
    void bothKeysetPropertiesFailStartUpNamingBoth() throws Exception {
        Path file = Files.writeString(dir.resolve("keyset.json"), keyset);
        withOrders("esbackup.encryption.keyset=" + keyset, "esbackup.encryption.keyset-file=" + file)
                .run(context -> assertStartUpFailure(context, "esbackup.encryption.keyset and"
                        + " esbackup.encryption.keyset-file are both set: give one", keyset));
    }

    @Test
    void aKeysetThatCannotBeReadFailsStartUpNamingThePropertyWithoutKeyMaterial() throws Exception {
        String value = keyValue(keyset);
        // The key where a parser would quote what it could not read: an enum value it does not know.
        String badEnum = keyset.replace("\"SYMMETRIC\"", "\"" + value + "\"");
        String truncated = keyset.substring(0, keyset.indexOf(value) + value.length());
        for (String bad : List.of(badEnum, truncated)) {
            withOrders("esbackup.encryption.keyset=" + bad).run(context -> assertStartUpFailure(context,
                    "esbackup.encryption.keyset is not a Tink keyset in JSON", keyset));
        }
        String mac = macKeyset();
        withOrders("esbackup.encryption.keyset=" + mac).run(context -> assertStartUpFailure(context,
                "esbackup.encryption.keyset: keyset must be a Tink AEAD keyset", mac));

        Path badFile = Files.writeString(dir.resolve("bad.json"), badEnum);
        withOrders("esbackup.encryption.keyset-file=" + badFile).run(context -> assertStartUpFailure(context,
                "esbackup.encryption.keyset-file: keyset file " + badFile + " is not a Tink keyset in JSON", keyset));
        Path missing = dir.resolve("missing.json");
        withOrders("esbackup.encryption.keyset-file=" + missing).run(context -> assertStartUpFailure(context,
                "esbackup.encryption.keyset-file: keyset file " + missing + " cannot be read", keyset));
    }

    @Test
    void withoutEsbackupCryptoTheStarterStartsAndAKeysetAsksForIt() {
        FilteredClassLoader withoutCrypto = new FilteredClassLoader("io.esbackup.crypto", "com.google.crypto.tink");
        withOrders().withClassLoader(withoutCrypto).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ArchiveEncryption.class);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            assertThat(service.backupStream("order", "o-1").manifest().encrypted()).isFalse();
            assertThat(catchThrowable(() -> service.backupStream("order", "o-1",
                    BackupOptions.builder().encrypt(true).build()))).isInstanceOf(KeysetRequiredException.class);
        });
        for (String property : List.of("esbackup.encryption.keyset=" + keyset,
                "esbackup.encryption.keyset-file=" + dir.resolve("keyset.json"))) {
            String name = property.substring(0, property.indexOf('='));
            withOrders(property).withClassLoader(withoutCrypto).run(context -> assertStartUpFailure(context,
                    name + " is set, but esbackup-crypto is not on the class path: add the dependency"
                            + " io.esbackup:esbackup-crypto", keyset));
        }
    }

    @Test
    void anEncryptedScheduleWithoutAKeysetFailsStartUpNamingTheProperties() {
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order",
                "esbackup.schedule.backup.encrypt=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("esbackup.schedule.backup.encrypt is true, but there is no keyset: set"
                            + " esbackup.encryption.keyset or esbackup.encryption.keyset-file");
        });
        // Backups in the reference library's format cannot hold encrypted ones, keyset or not.
        withOrders("esbackup.backups=file-reference:" + dir.resolve("reference"), "esbackup.encryption.keyset=" + keyset,
                "esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order",
                "esbackup.schedule.backup.encrypt=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("esbackup.schedule.backup.encrypt is true, but the backups"
                            + " (ReferenceBackupProvider) cannot keep data keys");
        });
    }

    @Test
    void aScheduledRunWithEncryptMakesEncryptedTaggedBackups() {
        withOrders("esbackup.encryption.keyset=" + keyset, "esbackup.schedule.backup.cron=" + NEVER,
                "esbackup.schedule.backup.object-names=order", "esbackup.schedule.backup.encrypt=true").run(context -> {
            EsbackupScheduler scheduler = context.getBean(EsbackupScheduler.class);

            scheduler.runNow("backup");

            assertThat(scheduler.statuses().get("backup").outcome()).isEqualTo("succeeded");
            assertThat(scheduler.statuses().get("backup").message()).isEqualTo("order: 2 backed up");
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            List<BackupHandle> backups = service.listBackups();
            assertThat(backups).hasSize(2).allSatisfy(h -> {
                assertThat(h.tags()).containsEntry(ScheduledBackup.TAG, "backup");
                assertThat(h.manifest().encrypted()).isTrue();
                assertThat(h.manifest().encryption().kekKeyId()).isEqualTo(primaryKeyId(keyset));
            });
            assertThat(backupsText()).doesNotContain(SECRET);
            BackupHandle o2 = backups.stream().filter(h -> h.objectId().equals("o-2")).findFirst().orElseThrow();
            assertThat(service.restoreToNewStream(o2, "o-2-copy").eventsRestored()).isEqualTo(4);
            EventStore store = context.getBean(EventStore.class);
            assertThat(Aggregates.payloads(store, "order", "o-2-copy"))
                    .isEqualTo(Aggregates.payloads(store, "order", "o-2"));
        });
    }

    @Test
    void anApplicationsOwnArchiveEncryptionWins() {
        String ownKeyset = Keysets.newKeysetJson();
        ArchiveEncryption own = new TinkEncryption(Keysets.parse(ownKeyset, "the test's own keyset"));
        withOrders("esbackup.encryption.keyset=" + keyset).withBean(ArchiveEncryption.class, () -> own)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ArchiveEncryption.class);
                    assertThat(context.getBean(ArchiveEncryption.class)).isSameAs(own);
                    // The service wraps data keys with the application's keyset, not the property's.
                    assertEncryptedRoundTrip(context, ownKeyset);
                });
        // Its bean alone, with no keyset property, lets the schedule encrypt.
        withOrders("esbackup.schedule.backup.cron=" + NEVER, "esbackup.schedule.backup.object-names=order",
                "esbackup.schedule.backup.encrypt=true", "esbackup.schedule.lock.hold-at-least=0s")
                .withBean(ArchiveEncryption.class, () -> own).run(context -> {
                    EsbackupScheduler scheduler = context.getBean(EsbackupScheduler.class);
                    scheduler.runNow("backup");
                    assertThat(scheduler.statuses().get("backup").outcome()).isEqualTo("succeeded");
                    assertThat(context.getBean(BackupRestoreService.class).listBackups())
                            .filteredOn(h -> h.tags().containsKey(ScheduledBackup.TAG)).hasSize(2)
                            .allSatisfy(h -> assertThat(h.manifest().encryption().kekKeyId())
                                    .isEqualTo(primaryKeyId(ownKeyset)));
                });
    }

    @Test
    void theWritableEndpointEncryptsOnRequest() {
        String[] writable = {"management.endpoints.web.exposure.include=esbackup", "esbackup.endpoint.write-enabled=true"};
        withOrders(writable).withPropertyValues("esbackup.encryption.keyset=" + keyset).run(context -> {
            EsbackupWritableEndpoint endpoint = context.getBean(EsbackupWritableEndpoint.class);

            Map<String, Object> encrypted = endpoint.backup("order", "o-1", true);
            Map<String, Object> plain = endpoint.backup("order", "o-2", null);

            assertThat(encrypted).containsEntry("objectId", "o-1").containsEntry("encrypted", true);
            assertThat(plain).containsEntry("objectId", "o-2").containsEntry("encrypted", false);
            BackupRestoreService service = context.getBean(BackupRestoreService.class);
            assertThat(service.requireBackup(java.util.UUID.fromString((String) encrypted.get("backupId")))
                    .manifest().encrypted()).isTrue();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> listed = (List<Map<String, Object>>) endpoint.recent("order", null)
                    .get("backups");
            assertThat(listed).extracting(b -> b.get("objectId") + ":" + b.get("encrypted"))
                    .containsExactlyInAnyOrder("o-1:true", "o-2:false");
        });
        withOrders(writable).run(context -> {
            Throwable failure = catchThrowable(() -> context.getBean(EsbackupWritableEndpoint.class)
                    .backup("order", "o-1", true));
            assertThat(failure).isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessage("encrypt needs a keyset: set esbackup.encryption.keyset or"
                            + " esbackup.encryption.keyset-file, or define a bean of type "
                            + ArchiveEncryption.class.getName());
        });
    }

    /**
     * An encrypted backup of order/o-1 through the service: its manifest, read back from the folder, says it is
     * encrypted under {@code kek}'s primary key; nothing in the folder holds the payload or the key; it restores.
     */
    private void assertEncryptedRoundTrip(AssertableApplicationContext context, String kek) throws Exception {
        BackupRestoreService service = context.getBean(BackupRestoreService.class);
        EventStore store = context.getBean(EventStore.class);
        List<String> before = Aggregates.payloads(store, "order", "o-1");
        // Uncompressed, so that encryption alone keeps the payload out of the folder.
        BackupHandle backup = service.backupStream("order", "o-1",
                BackupOptions.builder().encrypt(true).enableCompression(false).build());

        BackupHandle stored = service.requireBackup(backup.backupId());
        assertThat(stored.manifest().encrypted()).isTrue();
        assertThat(stored.manifest().formatVersion()).isEqualTo(ArchiveFormat.ENCRYPTED_VERSION);
        assertThat(stored.manifest().encryption().algorithm()).isEqualTo(TinkEncryption.ALGORITHM);
        assertThat(stored.manifest().encryption().kekKeyId()).isEqualTo(primaryKeyId(kek));
        assertThat(backupsText()).doesNotContain(SECRET).doesNotContain(keyValue(kek));

        Aggregates.append(store, "order", "o-1", 2); // changed after the backup
        assertThat(service.restoreStream(stored, RestoreOptions.WITH_OVERWRITE).eventsRestored()).isEqualTo(3);
        assertThat(Aggregates.payloads(store, "order", "o-1")).isEqualTo(before)
                .allSatisfy(p -> assertThat(p).contains(SECRET));
    }

    /**
     * Start-up failed in binding, with {@code expected} among the messages of the failure's chain, and no twelve
     * characters in a row of {@code keysetJson}'s key there.
     */
    private static void assertStartUpFailure(AssertableApplicationContext context, String expected, String keysetJson) {
        assertThat(context).hasFailed();
        assertThat(context.getStartupFailure()).rootCause().isInstanceOf(BindValidationException.class);
        String messages = messages(context.getStartupFailure());
        assertThat(messages).contains(expected);
        String key = keyValue(keysetJson);
        for (int i = 0; i + 12 <= key.length(); i++) {
            assertThat(messages).as("a piece of the key").doesNotContain(key.substring(i, i + 12));
        }
    }

    /** Every file under the backups folder, as text. */
    private String backupsText() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("backups"))) {
            return files.filter(Files::isRegularFile).map(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
    }

    /** The (first) key's secret bytes as the keyset's JSON holds them, base64. */
    private static String keyValue(String keysetJson) {
        try {
            return new ObjectMapper().readTree(keysetJson).get("key").get(0).get("keyData").get("value").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String primaryKeyId(String keysetJson) {
        return Integer.toUnsignedString(Keysets.parse(keysetJson, "a test keyset").getPrimary().getId());
    }

    /** A keyset of the wrong kind: a MAC key, which parses but cannot wrap data keys. */
    private static String macKeyset() throws Exception {
        MacConfig.register();
        KeysetHandle mac = KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG);
        return TinkJsonProtoKeysetFormat.serializeKeyset(mac, InsecureSecretKeyAccess.get());
    }
}
