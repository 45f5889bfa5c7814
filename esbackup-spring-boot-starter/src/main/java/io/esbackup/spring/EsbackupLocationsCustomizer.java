package io.esbackup.spring;

import io.esbackup.locations.StoreLocations;

/**
 * Adjusts the table the {@code esbackup.*} locations are opened with before it is built: the accounts, the
 * retries, the application's database. The starter's own customizers give it the {@code esbackup.azure.*} and
 * {@code esbackup.s3.*} settings and the application's client and {@code DataSource} beans; an application may
 * add its own (applied after them, in bean order).
 */
@FunctionalInterface
public interface EsbackupLocationsCustomizer {
    void customize(StoreLocations.Builder builder);
}
