package io.esbackup.spring;

import io.esbackup.backup.ArchiveEncryption;
import io.esbackup.backup.BackupProvider;
import io.esbackup.backup.BackupRegistry;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.BackupRestoreServiceBuilder;
import io.esbackup.backup.OperationListener;
import io.esbackup.locations.StoreLocations;
import io.esbackup.store.EventStore;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Builds esbackup's beans from {@link EsbackupProperties}: the {@link EventStore} from {@code esbackup.store},
 * the {@link BackupProvider} from {@code esbackup.backups}, a {@link BackupRegistry} from {@code esbackup.registry}
 * when it is set, the {@link ArchiveEncryption} of encrypted backups from {@code esbackup.encryption.*}
 * ({@link EsbackupEncryptionConfiguration}), and the {@link BackupRestoreService} over them. An application's own
 * bean of any of these types replaces the one built here, and the service uses it. The locations are opened with
 * {@link EsbackupLocations}, whose accounts {@link EsbackupClientsConfiguration} provides.
 */
@AutoConfiguration
@EnableConfigurationProperties(EsbackupProperties.class)
@Import({EsbackupClientsConfiguration.class, EsbackupEncryptionConfiguration.class})
public class EsbackupAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public EsbackupLocations esbackupLocations(ObjectProvider<EsbackupLocationsCustomizer> customizers) {
        StoreLocations.Builder builder = StoreLocations.builder();
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return new EsbackupLocations(builder.build(), workingDirectory());
    }

    @Bean
    @ConditionalOnMissingBean
    public EventStore esbackupEventStore(EsbackupProperties properties, EsbackupLocations locations) {
        return locations.openStore(required("store", properties.getStore(), EventStore.class),
                properties.getStore());
    }

    @Bean
    @ConditionalOnMissingBean
    public BackupProvider esbackupBackupProvider(EsbackupProperties properties, EsbackupLocations locations) {
        return locations.openBackups(required("backups", properties.getBackups(), BackupProvider.class),
                properties.getBackups());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = EsbackupProperties.PREFIX, name = "registry")
    public BackupRegistry esbackupBackupRegistry(EsbackupProperties properties, EsbackupLocations locations) {
        return locations.openRegistry(EsbackupProperties.PREFIX + ".registry", properties.getRegistry());
    }

    @Bean
    @ConditionalOnMissingBean
    public BackupRestoreService esbackupBackupRestoreService(EventStore store, BackupProvider provider,
                                                             ObjectProvider<BackupRegistry> registry,
                                                             ObjectProvider<ArchiveEncryption> encryption,
                                                             ObjectProvider<OperationListener> listeners) {
        BackupRestoreServiceBuilder builder = BackupRestoreService.builder(store, provider);
        registry.ifAvailable(builder::registry);
        // Without one, backups asked to encrypt fail with KeysetRequiredException; plain ones are unaffected.
        encryption.ifAvailable(builder::encryption);
        // Every listener bean (the metrics, an application's own audit) hears of every operation.
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }

    /**
     * The property's full name; fails start-up if it is unset, since nothing else says where to find the data.
     * A set value was already checked when it was bound.
     */
    private static String required(String field, String value, Class<?> type) {
        String property = EsbackupProperties.PREFIX + "." + field;
        if (value == null) {
            throw new IllegalArgumentException(property + " is not set: give a location such as file:./esdata, or"
                    + " define a bean of type " + type.getName());
        }
        return property;
    }

    // Relative locations mean what they mean to the command line started in the same folder.
    private static Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }
}
