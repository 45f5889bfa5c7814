package io.esbackup.s3;

import io.esbackup.testkit.BlobStoreConformance;
import io.esbackup.testkit.BlobStoreFixture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The testkit's blob store suite against moto's S3 server, with and without a prefix. S3's ETags are the MD5
 * of the content, so the same bytes written again keep their ETag.
 */
@ExtendWith(MotoServer.class)
class S3BlobStoreConformanceTest {

    /** A new bucket for every test, keys at its root. */
    @Nested
    class AtTheRoot extends BlobStoreConformance {
        @Override
        protected BlobStoreFixture fixture() {
            return () -> S3BlobStore.forBucket(MotoServer.client(), MotoServer.newBucket(MotoServer.client(), "conf"),
                    "");
        }

        @Override
        protected boolean sameBytesGetANewEtag() {
            return false;
        }
    }

    /** A new bucket for every test, keys under a prefix. */
    @Nested
    class UnderAPrefix extends BlobStoreConformance {
        @Override
        protected BlobStoreFixture fixture() {
            return () -> S3BlobStore.forBucket(MotoServer.client(), MotoServer.newBucket(MotoServer.client(), "pre"),
                    "some/prefix");
        }

        @Override
        protected boolean sameBytesGetANewEtag() {
            return false;
        }
    }
}
