package io.esbackup.example;

import io.esbackup.azure.Azurite;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application with its events and backups in Azure Blob Storage (Azurite, started on 127.0.0.1 for
 * this class): only the locations and the account change, nothing in the application.
 */
@ExtendWith(Azurite.class)
class OnAzuriteTest extends ExampleApplicationChecks {
    @DynamicPropertySource
    static void azure(DynamicPropertyRegistry registry) {
        registry.add("esbackup.store", () -> "azure://?documentContainer=" + Azurite.uniqueContainer("orders"));
        registry.add("esbackup.backups", () -> "azure://" + Azurite.uniqueContainer("backups"));
        registry.add("esbackup.azure.connection-string", Azurite::connectionString);
    }
}
