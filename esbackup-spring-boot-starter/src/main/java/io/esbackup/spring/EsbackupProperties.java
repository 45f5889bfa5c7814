package io.esbackup.spring;

import java.net.URI;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code esbackup.*} properties: where the events, the backups and the optional registry are, as the
 * command line's {@code --store}, {@code --backups} and {@code --registry} take them, and the accounts of remote
 * locations, and the keyset of encrypted backups. They are checked when they are bound, so a bad value fails
 * start-up with a message naming the property (never the value, which may hold a secret), even where an
 * application's own bean replaces the one the property would build.
 */
@ConfigurationProperties(EsbackupProperties.PREFIX)
public class EsbackupProperties implements Validator, BeanClassLoaderAware {
    static final String PREFIX = "esbackup";

    /**
     * The event store: a folder, as {@code file:./esdata} or a plain path; {@code azure://} or
     * {@code azure://?documentContainer=NAME} (blobs) and {@code azure-table://[?tablePrefix=P]} (tables) with
     * esbackup-azure; {@code s3://BUCKET[/PREFIX][?endpoint=URL]} with esbackup-s3.
     */
    private String store;

    /**
     * Where backups are written: a folder, as {@code file:./backups} or a plain path; {@code file-reference:FOLDER};
     * {@code azure://CONTAINER[/PREFIX]} and {@code azure-reference://[CONTAINER][?registry=CONTAINER]} with
     * esbackup-azure; {@code s3://BUCKET[/PREFIX][?endpoint=URL]} with esbackup-s3.
     */
    private String backups;

    /**
     * An optional backup registry: a folder, as {@code file:./registry}; {@code azure://CONTAINER[/PREFIX]} or
     * {@code s3://BUCKET[/PREFIX]}; or a PostgreSQL table (with esbackup-postgres), as
     * {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=S&table=T]} (a pool of its own; without a password
     * in the URL, {@code PGPASSWORD}'s) or {@code postgresql:[?schema=S&table=T]} (the application's DataSource).
     * None when unset.
     */
    private String registry;

    private final Azure azure = new Azure();

    private final S3 s3 = new S3();

    private final Encryption encryption = new Encryption();

    // The context's: whether esbackup-crypto is there is asked of it, as the auto-configuration's conditions do.
    private ClassLoader classLoader = EsbackupProperties.class.getClassLoader();

    public String getStore() {
        return store;
    }

    public void setStore(String store) {
        this.store = store;
    }

    public String getBackups() {
        return backups;
    }

    public void setBackups(String backups) {
        this.backups = backups;
    }

    public String getRegistry() {
        return registry;
    }

    public void setRegistry(String registry) {
        this.registry = registry;
    }

    public Azure getAzure() {
        return azure;
    }

    public S3 getS3() {
        return s3;
    }

    public Encryption getEncryption() {
        return encryption;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** The Azure Storage account of {@code azure:} locations. */
    public static class Azure {
        /**
         * The account's connection string; it wins over an application's own BlobServiceClient and
         * TableServiceClient beans, which win over the environment's AZURE_STORAGE_CONNECTION_STRING. Never shown.
         */
        private String connectionString;

        public String getConnectionString() {
            return connectionString;
        }

        public void setConnectionString(String connectionString) {
            this.connectionString = connectionString;
        }
    }

    /**
     * The S3 settings of {@code s3:} locations, each in place of the environment variable the AWS tools read. When
     * any is set, esbackup makes its own client, else it uses an application's own S3Client bean, else the
     * environment's settings.
     */
    public static class S3 {
        /** The service's URL, for MinIO, R2 or moto (in place of AWS_ENDPOINT_URL_S3); path-style then. */
        private String endpoint;

        /** The region (in place of AWS_REGION). */
        private String region;

        /** The access key id (in place of AWS_ACCESS_KEY_ID); with secret-access-key. */
        private String accessKeyId;

        /** The secret access key (in place of AWS_SECRET_ACCESS_KEY); with access-key-id. Never shown. */
        private String secretAccessKey;

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public String getAccessKeyId() {
            return accessKeyId;
        }

        public void setAccessKeyId(String accessKeyId) {
            this.accessKeyId = accessKeyId;
        }

        public String getSecretAccessKey() {
            return secretAccessKey;
        }

        public void setSecretAccessKey(String secretAccessKey) {
            this.secretAccessKey = secretAccessKey;
        }

        /** Whether any of these is set: then esbackup's own client, not the application's, is used. */
        boolean anySet() {
            return endpoint != null || region != null || accessKeyId != null || secretAccessKey != null;
        }
    }

    /**
     * The keyset of encrypted backups (with esbackup-crypto): a Tink AEAD keyset that wraps each aggregate's data
     * key, as the command line's {@code ESBACKUP_KEYSET} or {@code --keyset} give it: the keyset itself or a file
     * holding it, not both.
     */
    public static class Encryption {
        static final String KEYSET = PREFIX + ".encryption.keyset";
        static final String KEYSET_FILE = PREFIX + ".encryption.keyset-file";
        /** A class of esbackup-crypto, by name: the starter works without the module. */
        static final String CRYPTO_CLASS = "io.esbackup.crypto.TinkEncryption";

        /**
         * The keyset itself, Tink's JSON (as tinkey create-keyset --key-template AES256_GCM --out-format json
         * writes it); also from the environment variable ESBACKUP_ENCRYPTION_KEYSET. None when unset or empty.
         * Never shown.
         */
        private String keyset;

        /**
         * A file holding the keyset's JSON, as a mounted secret; a relative path is read from the working directory.
         * None when unset or empty.
         */
        private String keysetFile;

        public String getKeyset() {
            return keyset;
        }

        public void setKeyset(String keyset) {
            this.keyset = blankAsUnset(keyset);
        }

        public String getKeysetFile() {
            return keysetFile;
        }

        public void setKeysetFile(String keysetFile) {
            this.keysetFile = blankAsUnset(keysetFile);
        }

        /** The property that gives the keyset, or {@code null} when neither does. */
        String given() {
            return keyset != null ? KEYSET : keysetFile != null ? KEYSET_FILE : null;
        }

        // An empty value (an environment variable set empty over application.properties) is no keyset, as the
        // command line reads an empty ESBACKUP_KEYSET.
        private static String blankAsUnset(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    @Override
    public boolean supports(Class<?> type) {
        return EsbackupProperties.class.isAssignableFrom(type);
    }

    /**
     * Rejects each set location {@link EsbackupLocations#check} refuses (an unset one is checked where it is used),
     * S3 settings that cannot work, and a keyset that cannot be read (or esbackup-crypto missing to read it).
     */
    @Override
    public void validate(Object target, Errors errors) {
        EsbackupProperties p = (EsbackupProperties) target;
        check(errors, "store", EsbackupLocations.Kind.STORE, p.store);
        check(errors, "backups", EsbackupLocations.Kind.BACKUPS, p.backups);
        check(errors, "registry", EsbackupLocations.Kind.REGISTRY, p.registry);
        if (p.s3.endpoint != null) {
            endpoint(errors, p.s3.endpoint);
        }
        if ((p.s3.accessKeyId == null) != (p.s3.secretAccessKey == null)) {
            reject(errors, PREFIX + ".s3.access-key-id and " + PREFIX + ".s3.secret-access-key go together: one is "
                    + "set without the other");
        }
        encryption(errors, p.encryption);
    }

    private void encryption(Errors errors, Encryption e) {
        if (e.keyset != null && e.keysetFile != null) {
            errors.reject("esbackup.encryption", Encryption.KEYSET + " and " + Encryption.KEYSET_FILE + " are both"
                    + " set: give one, the keyset's JSON or the file that holds it");
        } else if (e.given() != null && !ClassUtils.isPresent(Encryption.CRYPTO_CLASS, classLoader)) {
            errors.reject("esbackup.encryption", e.given() + " is set, but esbackup-crypto is not on the class path:"
                    + " add the dependency io.esbackup:esbackup-crypto");
        } else if (e.given() != null) {
            // Read here as well as by the bean, so a bad keyset fails even where an application's own
            // ArchiveEncryption bean replaces the one it would make. The message never quotes the keyset.
            try {
                EsbackupKeyset.encryption(e);
            } catch (IllegalArgumentException failure) {
                errors.reject("esbackup.encryption", failure.getMessage());
            }
        }
    }

    private static void check(Errors errors, String field, EsbackupLocations.Kind kind, String value) {
        if (value == null) {
            return;
        }
        try {
            EsbackupLocations.check(kind, PREFIX + "." + field, value);
        } catch (IllegalArgumentException e) {
            reject(errors, e.getMessage());
        }
    }

    /** A URL with a host and no user info; the value is not echoed, since user info would be a key. */
    private static void endpoint(Errors errors, String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            reject(errors, PREFIX + ".s3.endpoint must be a URL such as http://127.0.0.1:9000");
        } else if (uri.getRawUserInfo() != null) {
            reject(errors, PREFIX + ".s3.endpoint takes no credentials; give them as " + PREFIX
                    + ".s3.access-key-id and " + PREFIX + ".s3.secret-access-key");
        }
    }

    private static void reject(Errors errors, String message) {
        // An object error, not a field error: a field error carries the rejected value into the start-up
        // failure's message, and a location may hold a password. The message names the property itself.
        errors.reject("esbackup.location", message);
    }
}
