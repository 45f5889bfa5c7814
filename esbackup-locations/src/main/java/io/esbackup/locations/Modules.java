package io.esbackup.locations;

/**
 * Which of esbackup's optional store modules the class path has. A scheme of a module that is missing is not
 * registered, and its classes here ({@link AzureScheme}, {@link S3Scheme}, {@link PostgresScheme} and their
 * accounts) are never loaded, so an application that uses only folders needs neither the module nor its SDK.
 */
final class Modules {
    static final boolean AZURE = present("io.esbackup.azure.AzureBlobStore");
    static final boolean S3 = present("io.esbackup.s3.S3BlobStore");
    static final boolean POSTGRES = present("io.esbackup.postgres.PostgresBackupRegistry");

    private Modules() {}

    private static boolean present(String className) {
        try {
            // Not initialised: only whether it is there matters, and initialising would load its SDK.
            Class.forName(className, false, Modules.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
