package io.esbackup.spring;

import com.azure.data.tables.TableServiceClient;
import com.azure.storage.blob.BlobServiceClient;
import io.esbackup.locations.AzureAccount;
import io.esbackup.locations.S3Account;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The accounts of remote locations, each configuration only when its esbackup module (and so its SDK) is on the
 * class path: Spring reads the conditions without loading the classes, so an application without the module never
 * loads them. Each gives the table its settings through an {@link EsbackupLocationsCustomizer}: the
 * {@code esbackup.azure.*} and {@code esbackup.s3.*} properties, the application's own client beans, and the
 * application's {@link DataSource} for {@code postgresql:} registries.
 */
@Configuration(proxyBeanMethods = false)
@Import({EsbackupClientsConfiguration.Azure.class, EsbackupClientsConfiguration.S3.class,
        EsbackupClientsConfiguration.Postgres.class})
class EsbackupClientsConfiguration {
    static final String AZURE_CONNECTION_STRING = EsbackupProperties.PREFIX + ".azure.connection-string";

    /**
     * {@code azure:} locations: {@code esbackup.azure.connection-string}, else the application's
     * {@link BlobServiceClient} and {@link TableServiceClient} beans, else {@code AZURE_STORAGE_CONNECTION_STRING}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.esbackup.azure.AzureBlobStore", "com.azure.storage.blob.BlobServiceClient",
        "com.azure.data.tables.TableServiceClient"})
    static class Azure {
        @Bean
        @ConditionalOnMissingBean
        AzureAccount esbackupAzureAccount(EsbackupProperties properties, ObjectProvider<BlobServiceClient> blobs,
                                          ObjectProvider<TableServiceClient> tables) {
            AzureAccount account = new AzureAccount(System::getenv, AZURE_CONNECTION_STRING);
            account.useClients(blobs::getIfAvailable, tables::getIfAvailable);
            String given = properties.getAzure().getConnectionString();
            if (given != null) {
                account.give(given);
            }
            return account;
        }

        @Bean
        EsbackupLocationsCustomizer esbackupAzureLocations(AzureAccount account) {
            return builder -> builder.azure(account);
        }
    }

    /**
     * {@code s3:} locations: with any {@code esbackup.s3.*} property set, clients of esbackup's own from them (the
     * environment's AWS variables for what they leave out); otherwise the application's {@link S3Client} bean for
     * locations without {@code ?endpoint=}, else the environment's. Spring closes the clients made here with the
     * context ({@link S3Account#close()}), never the application's.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.esbackup.s3.S3BlobStore", "software.amazon.awssdk.services.s3.S3Client"})
    static class S3 {
        @Bean
        @ConditionalOnMissingBean
        S3Account esbackupS3Account(EsbackupProperties properties, ObjectProvider<S3Client> clients) {
            EsbackupProperties.S3 s3 = properties.getS3();
            if (s3.anySet()) {
                return new S3Account(environment(s3, System::getenv));
            }
            return new S3Account(System::getenv, clients::getIfAvailable);
        }

        @Bean
        EsbackupLocationsCustomizer esbackupS3Locations(S3Account account) {
            return builder -> builder.s3(account);
        }

        /** The environment as the AWS tools read it, with the properties in place of their variables. */
        static Function<String, String> environment(EsbackupProperties.S3 s3, Function<String, String> environment) {
            Map<String, String> given = new HashMap<>();
            given.put("AWS_ENDPOINT_URL_S3", s3.getEndpoint());
            given.put("AWS_REGION", s3.getRegion());
            given.put("AWS_ACCESS_KEY_ID", s3.getAccessKeyId());
            given.put("AWS_SECRET_ACCESS_KEY", s3.getSecretAccessKey());
            // A session token belongs to the keys it came with: not the environment's with keys of the properties.
            boolean keysGiven = s3.getAccessKeyId() != null;
            return name -> {
                String value = given.get(name);
                if (value != null) {
                    return value;
                }
                return keysGiven && name.equals("AWS_SESSION_TOKEN") ? null : environment.apply(name);
            };
        }
    }

    /** {@code postgresql:[?schema=S&table=T]} registries on the application's {@link DataSource} bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.esbackup.postgres.PostgresBackupRegistry")
    static class Postgres {
        @Bean
        EsbackupLocationsCustomizer esbackupPostgresLocations(ObjectProvider<DataSource> dataSources) {
            return builder -> builder.dataSource(dataSources::getIfAvailable);
        }
    }
}
