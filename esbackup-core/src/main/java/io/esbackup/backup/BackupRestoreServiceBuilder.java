package io.esbackup.backup;

import io.esbackup.store.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds a {@link BackupRestoreService} ({@link BackupRestoreService#builder}): registry, clock, id source and
 * grace period are optional.
 */
public final class BackupRestoreServiceBuilder {
    final EventStore store;
    final BackupProvider provider;
    BackupRegistry registry;
    Clock clock = Clock.systemUTC();
    Supplier<UUID> ids = UUID::randomUUID;
    Duration unfinishedGrace = BackupRestoreService.DEFAULT_UNFINISHED_GRACE;
    final List<OperationListener> listeners = new ArrayList<>();
    ArchiveEncryption encryption;

    BackupRestoreServiceBuilder(EventStore store, BackupProvider provider) {
        this.store = require("store", store);
        this.provider = require("provider", provider);
    }

    /** Get, list and clean-up read this registry; every committed backup is recorded in it. */
    public BackupRestoreServiceBuilder registry(BackupRegistry registry) {
        this.registry = require("registry", registry); // a forgotten registry must not silently mean none
        return this;
    }

    /** The clock for backup times, expiry and the grace period (tests inject one). */
    public BackupRestoreServiceBuilder clock(Clock clock) {
        this.clock = require("clock", clock);
        return this;
    }

    /** Where backup ids come from (random UUIDs unless a test fixes them); shared by bulk workers. */
    public BackupRestoreServiceBuilder ids(Supplier<UUID> ids) {
        this.ids = require("ids", ids);
        return this;
    }

    /**
     * How long an unfinished backup is left alone before clean-up removes it; zero or more (one hour by
     * default). Every service that cleans up the same backups should use the same grace: a backup that
     * began less than half of it ago commits without checking that a clean-up left its parts.
     */
    public BackupRestoreServiceBuilder unfinishedGrace(Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("unfinishedGrace must be zero or positive, was " + grace);
        }
        this.unfinishedGrace = grace;
        return this;
    }

    /**
     * Tells {@code listener} about every backup, restore, clean-up and bulk run of the service (metrics,
     * traces, audit); call it once per listener, they are told in the order added.
     */
    public BackupRestoreServiceBuilder listener(OperationListener listener) {
        listeners.add(require("listener", listener));
        return this;
    }

    /**
     * Encrypts backups made with {@link BackupOptions#encrypt} and decrypts encrypted ones (esbackup-crypto's
     * {@code TinkEncryption}); without it, encrypted backups can be listed, deleted and checked for integrity only.
     */
    public BackupRestoreServiceBuilder encryption(ArchiveEncryption encryption) {
        this.encryption = require("encryption", encryption);
        return this;
    }

    public BackupRestoreService build() {
        return new BackupRestoreService(this);
    }

    private static <T> T require(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
