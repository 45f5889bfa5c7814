/**
 * esbackup's core: the model, the SPIs and their capabilities, the archive format, the service, and the
 * local-folder and in-memory implementations. Only API and SPI packages are exported; {@code io.esbackup.internal}
 * and {@code io.esbackup.store.internal} are not.
 */
module io.esbackup.core {
    // The model's unknown fields are Jackson trees, so Jackson is part of the API.
    requires transitive com.fasterxml.jackson.core;
    requires transitive com.fasterxml.jackson.databind;
    requires com.github.luben.zstd_jni;
    requires org.slf4j;

    exports io.esbackup;
    exports io.esbackup.archive;
    exports io.esbackup.backup;
    exports io.esbackup.blob;
    exports io.esbackup.error;
    exports io.esbackup.model;
    exports io.esbackup.model.json;
    exports io.esbackup.store;
}
