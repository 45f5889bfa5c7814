package io.esbackup.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code esbackup.*} properties: where the events, the backups and the optional registry are, as the
 * command line's {@code --store}, {@code --backups} and {@code --registry} take them. They are checked when
 * they are bound, so a bad value fails start-up with a message naming the property, even where an
 * application's own bean replaces the one the property would build.
 */
@ConfigurationProperties(EsbackupProperties.PREFIX)
public class EsbackupProperties implements Validator {
    static final String PREFIX = "esbackup";

    /** The event store: a folder, as {@code file:./esdata} or a plain path. */
    private String store;

    /** Where backups are written: a folder, as {@code file:./backups} or a plain path. */
    private String backups;

    /**
     * An optional backup registry: a folder, as {@code file:./registry}, or a PostgreSQL table, as
     * {@code postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=S&table=T]} (with esbackup-postgres on the class
     * path; without a password in the URL, {@code PGPASSWORD}'s). None when unset.
     */
    private String registry;

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

    @Override
    public boolean supports(Class<?> type) {
        return EsbackupProperties.class.isAssignableFrom(type);
    }

    /** Rejects each set location {@link EsbackupLocations#check} refuses; an unset one is checked where it is used. */
    @Override
    public void validate(Object target, Errors errors) {
        EsbackupProperties p = (EsbackupProperties) target;
        check(errors, "store", EsbackupLocations.Kind.STORE, p.store);
        check(errors, "backups", EsbackupLocations.Kind.BACKUPS, p.backups);
        check(errors, "registry", EsbackupLocations.Kind.REGISTRY, p.registry);
    }

    private static void check(Errors errors, String field, EsbackupLocations.Kind kind, String value) {
        if (value == null) {
            return;
        }
        try {
            EsbackupLocations.check(kind, PREFIX + "." + field, value);
        } catch (IllegalArgumentException e) {
            // An object error, not a field error: a field error carries the rejected value into the start-up
            // failure's message, and a location may hold a password. The message names the property itself.
            errors.reject("esbackup.location", e.getMessage());
        }
    }
}
