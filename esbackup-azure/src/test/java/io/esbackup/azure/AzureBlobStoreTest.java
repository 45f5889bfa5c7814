package io.esbackup.azure;

import static io.esbackup.blob.WriteCondition.createOnly;
import static io.esbackup.blob.WriteCondition.ifMatch;
import static io.esbackup.blob.WriteCondition.overwrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.esbackup.blob.BlobInfo;
import io.esbackup.error.AlreadyExistsException;
import io.esbackup.error.BackupException;
import io.esbackup.error.ConflictException;
import io.esbackup.error.StorageException;
import io.esbackup.error.TransientStorageException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the conformance suite cannot say about {@link AzureBlobStore}: its two shapes, blocks and errors. */
@ExtendWith(Azurite.class)
class AzureBlobStoreTest {
    final BlobServiceClient client = Azurite.client();
    final AzureBlobStore account = AzureBlobStore.forAccount(client);

    @Test
    void anAccountStoresFirstSegmentIsAContainerCreatedWhenMissing() {
        String container = Azurite.uniqueContainer("shape");
        account.write(container + "/Order/42.json", createOnly(), new byte[] {1, 2});

        assertThat(client.getBlobContainerClient(container).getBlobClient("Order/42.json").exists()).isTrue();
        assertThat(AzureBlobStore.forContainer(client.getBlobContainerClient(container), "Order")
                .readAllBytes("42.json")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
    }

    @Test
    void aKeyWhoseFirstSegmentIsNoContainerNameIsRejectedNamingTheRule() {
        for (String key : List.of("Order/1.json", "ab/1.json", "a--b/1.json", "-ab/1.json", "x".repeat(64) + "/1",
                "under_score/1", "nocontainer")) {
            assertThatThrownBy(() -> account.write(key, overwrite(), new byte[0])).as(key)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll(key.contains("/") ? "container name" : "names no blob");
            assertThatThrownBy(() -> account.read(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> AzureEventStores.of(client, "Documents"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case");
    }

    @Test
    void listingWithoutAContainerWalksEveryContainerStartingWithThePrefix() {
        String prefix = Azurite.uniqueContainer("walk") + "-";
        for (String key : List.of("a/1", "a/2", "b/x/3", "c/4")) {
            account.write(prefix + key, createOnly(), new byte[] {7});
        }
        account.write(Azurite.uniqueContainer("other") + "/5", createOnly(), new byte[] {7});

        try (Stream<BlobInfo> all = account.list(prefix)) {
            assertThat(all.map(BlobInfo::key)).containsExactlyInAnyOrder(prefix + "a/1", prefix + "a/2",
                    prefix + "b/x/3", prefix + "c/4");
        }
        try (Stream<BlobInfo> one = account.list(prefix + "b/")) {
            assertThat(one.map(BlobInfo::key)).containsExactly(prefix + "b/x/3");
        }
        try (Stream<BlobInfo> missing = account.list(Azurite.uniqueContainer("none") + "/")) {
            assertThat(missing).isEmpty();
        }
        assertThat(account.stat(Azurite.uniqueContainer("none") + "/x")).isEmpty();
        assertThat(account.delete(Azurite.uniqueContainer("none") + "/x")).isFalse();
    }

    @Test
    void contentOfSeveralBlocksIsCommittedOnlyWhenTheWriterReturns() {
        String key = Azurite.uniqueContainer("blocks") + "/big.bin";
        byte[] block = new byte[AzureBlobStore.BLOCK_SIZE];
        Arrays.fill(block, (byte) 3);

        assertThatThrownBy(() -> account.write(key, createOnly(), out -> {
            out.write(block);
            out.write(block);
            throw new IOException("the writer broke after two blocks");
        })).isInstanceOf(StorageException.class)
                .hasMessage("writing blob " + key + " failed: the writer broke after two blocks")
                .cause().hasMessage("the writer broke after two blocks");
        assertThat(account.stat(key)).isEmpty();

        BlobInfo written = account.write(key, createOnly(), out -> {
            out.write(block);
            out.write(block, 0, 10);
        });
        assertThat(written.size()).isEqualTo(block.length + 10L);
        assertThat(account.stat(key)).hasValueSatisfying(i -> assertThat(i.etag()).isEqualTo(written.etag()));

        assertThatThrownBy(() -> account.write(key, createOnly(), out -> out.write(block)))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> account.write(key, ifMatch("\"0x8D000000000000\""), out -> out.write(block)))
                .isInstanceOf(ConflictException.class);
        BlobInfo replaced = account.write(key, ifMatch(written.etag()), out -> {
            out.write(block);
            out.write(1);
        });
        assertThat(account.stat(key).orElseThrow().size()).isEqualTo(block.length + 1L);
        assertThat(replaced.etag()).isNotEqualTo(written.etag());
    }

    @Test
    void aReadNeverMixesTwoVersions() throws IOException {
        String key = Azurite.uniqueContainer("mix") + "/big.bin";
        byte[] first = new byte[AzureBlobStore.BLOCK_SIZE * 2 + 5];
        Arrays.fill(first, (byte) 1);
        byte[] second = new byte[first.length];
        Arrays.fill(second, (byte) 2);
        account.write(key, createOnly(), first);

        try (io.esbackup.blob.Blob blob = account.read(key).orElseThrow()) {
            assertThat(blob.content().read()).isEqualTo(1);  // the first range is fetched
            account.write(key, overwrite(), second);
            // The stream is pinned to the ETag it opened: the next range fails instead of returning 2s.
            assertThatThrownBy(() -> blob.content().readAllBytes()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aWritersOwnExceptionPropagatesAsItIsAndIsNeverMistakenForAnAzureFailure() {
        String key = Azurite.uniqueContainer("writer") + "/x";
        IllegalStateException own = new IllegalStateException("the source broke", new IOException("disk"));
        java.io.UncheckedIOException unchecked = new java.io.UncheckedIOException(new IOException("source"));

        assertThatThrownBy(() -> account.write(key, createOnly(), out -> {
            out.write(new byte[AzureBlobStore.BLOCK_SIZE + 1]);
            throw own;
        })).isSameAs(own);
        assertThatThrownBy(() -> account.write(key, createOnly(), out -> {
            throw unchecked;
        })).isSameAs(unchecked);
        assertThat(account.stat(key)).isEmpty();
    }

    @Test
    void aBlockThatCannotBeStagedFailsTheWriteEvenIfTheWriterSwallowsTheError() {
        String container = Azurite.uniqueContainer("stage");
        account.write(container + "/first", createOnly(), new byte[1]);
        client.getBlobContainerClient(container).delete();  // behind the store's back: staging now gets 404

        assertThatThrownBy(() -> account.write(container + "/big", overwrite(), out -> {
            try {
                out.write(new byte[AzureBlobStore.BLOCK_SIZE + 1]);
            } catch (IOException swallowed) {
                // a careless writer
            }
        })).isInstanceOf(BackupException.class).hasMessageContaining("404").hasMessageContaining("ContainerNotFound");
    }

    @Test
    void anUnreachableAccountIsATransientFailureWithTheCauseKept() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BlobServiceClient dead = new BlobServiceClientBuilder()
                .connectionString(Azurite.connectionString().replace(":" + Azurite.server().port() + "/", ":" + port + "/"))
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, Duration.ofSeconds(5), null, null,
                        null))
                .buildClient();
        AzureBlobStore store = AzureBlobStore.forAccount(dead);

        assertThatThrownBy(() -> store.stat("somewhere/x")).isInstanceOf(TransientStorageException.class)
                .hasCauseInstanceOf(RuntimeException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(Azurite.KEY));
        assertThatThrownBy(() -> store.write("somewhere/x", overwrite(), new byte[1]))
                .isInstanceOf(TransientStorageException.class);
    }

    @Test
    void aWrongAccountKeyIsAFailureWhoseMessageHoldsNoSecret() {
        String wrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXk=";
        BlobServiceClient wrong = AzureClients.fromConnectionString(Azurite.connectionString().replace(Azurite.KEY,
                wrongKey));
        AzureBlobStore store = AzureBlobStore.forAccount(wrong);

        assertThatThrownBy(() -> store.write(Azurite.uniqueContainer("auth") + "/x", overwrite(), new byte[1]))
                .isInstanceOf(BackupException.class).isNotInstanceOf(TransientStorageException.class)
                .hasMessageContaining("403")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongKey).doesNotContain(Azurite.KEY));
        assertThat(store.toString()).contains(Azurite.ACCOUNT).doesNotContain(wrongKey);
    }

    @Test
    void aMalformedConnectionStringIsRejectedWithoutRepeatingIt() {
        String broken = "AccountName=devstoreaccount1;AccountKey=" + Azurite.KEY + ";Nonsense";
        assertThatThrownBy(() -> AzureClients.fromConnectionString(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(Azurite.KEY))
                .hasNoCause();
    }

    @Test
    void aLeaseIsNotMistakenForAConcurrentWriter() {
        String container = Azurite.uniqueContainer("lease");
        String key = container + "/doc.json";
        String etag = account.write(key, createOnly(), new byte[] {1}).etag();
        new com.azure.storage.blob.specialized.BlobLeaseClientBuilder()
                .blobClient(client.getBlobContainerClient(container).getBlobClient("doc.json"))
                .buildClient().acquireLease(60);

        // Azure answers 412 LeaseIdMissing: the ETag still matches, so this is no lost race.
        assertThatThrownBy(() -> account.write(key, io.esbackup.blob.WriteCondition.ifMatch(etag), new byte[] {2}))
                .isInstanceOf(io.esbackup.error.BackupException.class)
                .isNotInstanceOf(io.esbackup.error.ConflictException.class)
                .hasMessageContaining("LeaseIdMissing");
    }

    @Test
    void anAccountKeyThatIsNotBase64IsRefusedWithoutShowingIt() {
        String broken = Azurite.connectionString().replace("AccountKey=Eby8", "AccountKey=Eby");
        assertThatThrownBy(() -> AzureClients.fromConnectionString(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AccountKey is not Base64")
                .hasMessageNotContaining("vdM02x");
    }
}
