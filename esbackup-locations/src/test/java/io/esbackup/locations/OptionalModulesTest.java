package io.esbackup.locations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The table on a class path without esbackup-azure, esbackup-s3 and esbackup-postgres (nor their SDKs): it builds,
 * offers only the folder schemes, and never needs a class of the missing modules.
 */
class OptionalModulesTest {
    private static final List<String> LEFT_OUT = List.of("esbackup-azure", "esbackup-s3", "esbackup-postgres",
            "/com/azure/", "/software/amazon/", "/org/postgresql/", "/com/zaxxer/", "/io/netty/", "/io/projectreactor/");

    @Test
    void withoutTheRemoteModulesOnlyFolderSchemesAreOffered() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(classPathWithout(), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.esbackup.azure.AzureBlobStore"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> table = loader.loadClass(StoreLocations.class.getName());
            Object locations = table.getMethod("defaults").invoke(null);

            assertThat(table.getMethod("storeSchemes").invoke(locations)).isEqualTo(List.of("file:"));
            assertThat(table.getMethod("backupSchemes").invoke(locations)).isEqualTo(List.of("file:", "file-reference:"));
            assertThat(table.getMethod("registrySchemes").invoke(locations)).isEqualTo(List.of("file:"));

            Class<?> location = loader.loadClass(Location.class.getName());
            Object azure = location.getMethod("parse", String.class, String.class).invoke(null, "--store", "azure://");
            assertThatThrownBy(() -> table.getMethod("checkStore", location, Path.class).invoke(locations, azure,
                    Path.of("")))
                    .isInstanceOf(InvocationTargetException.class).cause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("--store: unknown scheme 'azure:' for an event store; known schemes: file:");
        }
    }

    private static URL[] classPathWithout() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = entry.replace('\\', '/');
            if (LEFT_OUT.stream().noneMatch(path::contains)) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
