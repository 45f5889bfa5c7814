package io.esbackup.store;

import io.esbackup.model.ObjectDocument;

/**
 * An optional capability of an {@link EventStore}: which of the reference library's storage providers its
 * layout is, so that a restore can rewrite a document backed up from another kind of store into one this
 * store's readers follow. The reference picks the code that reads a stream by the document's
 * {@code streamType}; a document restored from Blob Storage into Table Storage with {@code "blob"} there would
 * send the reference to the wrong store.
 */
public interface StoreKind {

    /** The reference's stream type of this layout: {@code "blob"} or {@code "table"}. */
    String streamType();

    /**
     * Whether a stream identifier names a stream within one object name (the Blob layout: a container per
     * object name) rather than in the whole store (the Table layout: one events table, keyed by stream alone).
     */
    boolean streamsScopedByObjectName();

    /**
     * {@code restored} as this store holds a document it wrote itself, to be filed under {@code objectName}:
     * the type fields that named {@code sourceStreamType} (the backed-up stream's type) name this store's
     * instead ({@link StreamTypes#retype}), the object name is one this store files under {@code objectName},
     * and whatever the layout derives from the document (the Table layout's hash) is computed for it.
     * {@code replaced} is the live document the restore replaces, or {@code null}.
     */
    ObjectDocument adopt(ObjectDocument restored, String objectName, String sourceStreamType, ObjectDocument replaced);
}
