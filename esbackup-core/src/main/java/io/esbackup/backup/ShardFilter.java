package io.esbackup.backup;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The ids of a bulk backup's input that belong to its {@link Shard}, read lazily: an id of another shard is
 * passed over before anything is done with it. A {@code null} id belongs to shard 0, where it fails as the item
 * it is (as it does without a shard), so that the shards' runs together report exactly what one run would.
 */
final class ShardFilter implements Iterator<String> {
    private final Iterator<String> ids;
    private final Shard shard;
    private String next;
    private boolean ready;

    ShardFilter(Iterator<String> ids, Shard shard) {
        this.ids = ids;
        this.shard = shard;
    }

    @Override
    public boolean hasNext() {
        while (!ready && ids.hasNext()) {
            String id = ids.next();
            if (id == null ? shard.index() == 0 : shard.contains(id)) {
                next = id;
                ready = true;
            }
        }
        return ready;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ready = false;
        String id = next;
        next = null;
        return id;
    }
}
