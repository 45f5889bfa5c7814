package io.esbackup.backup;

import io.esbackup.blob.BlobStore;
import io.esbackup.blob.WriteCondition;
import io.esbackup.model.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a running pack run's {@code packs/{run}/lease} young, so that a clean-up, which removes an uncommitted
 * run only when every blob of it is older than its grace period, never takes the packs of a run that is still
 * going however long it runs. The lease goes when the run commits or is closed.
 */
final class PackRunHeartbeat {
    /** How often the lease is written: far below any sensible grace period (esbackup's is an hour). */
    static final Duration EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(PackRunHeartbeat.class);

    private final BlobStore blobs;
    private final String key;
    private final ScheduledExecutorService timer;

    private PackRunHeartbeat(BlobStore blobs, String key) {
        this.blobs = blobs;
        this.key = key;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "esbackup-lease " + key);
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes the lease now (before any pack), then every {@code every}. */
    static PackRunHeartbeat start(BlobStore blobs, long run, Duration every) {
        PackRunHeartbeat h = new PackRunHeartbeat(blobs, BlobPacks.leaseKey(run));
        h.beat();
        h.timer.scheduleWithFixedDelay(h::beat, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return h;
    }

    private void beat() {
        try {
            blobs.write(key, WriteCondition.overwrite(), Json.bytes(Json.objectNode().put("at",
                    Instant.now().toString())));
        } catch (RuntimeException e) {
            // A missed beat only shortens the run's protection; the commit still checks its packs are there.
            LOG.warn("Could not renew the lease {} of a running pack run: {}", key, e.getMessage());
        }
    }

    /** Stops renewing and removes the lease; calling it again does nothing. */
    void stop() {
        if (timer.isShutdown()) {
            return;
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            blobs.delete(key);
        } catch (RuntimeException e) {
            LOG.debug("Could not remove the lease {}; clean-up will: {}", key, e.getMessage());
        }
    }
}
