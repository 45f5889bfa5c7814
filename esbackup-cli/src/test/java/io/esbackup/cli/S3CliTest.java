package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.locations.AzureAccount;
import io.esbackup.locations.S3Account;
import io.esbackup.locations.StoreLocations;
import io.esbackup.s3.MotoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code s3:} locations through the command line, against moto's S3 server: backups of a local store in a
 * bucket, an event store in a bucket, and the errors a user meets (a missing bucket, a malformed location),
 * none of which shows the secret key.
 */
@ExtendWith(MotoServer.class)
class S3CliTest {
    private static final String SECRET = "s3-secret-" + Long.toHexString(new Random().nextLong());

    @TempDir
    Path dir;

    private final S3Account account = new S3Account(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_REGION", "eu-west-1")::get);

    private record Run(int exitCode, String out, String err) {}

    private Run run(String... args) {
        CliEnvironment env = new CliEnvironment(dir, Clock.fixed(CliRun.NOW, ZoneOffset.UTC), new Random(CliRun.SEED));
        AzureAccount azure = new AzureAccount(name -> null, "--azure-connection-string");
        CommandLine cmd = Main.commandLine(env, StoreLocations.builder().azure(azure).s3(account).build(), azure);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        Run r = new Run(cmd.execute(args), out.toString(), err.toString());
        assertThat(r.out() + r.err()).as("no output holds the secret key").doesNotContain(SECRET);
        return r;
    }

    private static String location(String bucket, String prefix) {
        return "s3://" + bucket + prefix + "?endpoint=" + MotoServer.endpoint();
    }

    @Test
    void backupsOfALocalStoreGoToABucketAndComeBack() throws Exception {
        String bucket = MotoServer.newBucket(MotoServer.client(), "cli");
        String backups = location(bucket, "/nightly");
        assertThat(run("demo").exitCode()).isZero();

        Run many = run("--backups", backups, "backup-many", SampleOrders.OBJECT_NAME, "--all");
        assertThat(many.exitCode()).as(many.err()).isZero();
        Run list = run("--json", "--backups", backups, "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        var listed = CliRun.oneDocument(new CliRun.Result(list.exitCode(), list.out(), list.err()));
        assertThat(listed.size()).isPositive();
        assertThat(MotoServer.client().listObjectsV2(b -> b.bucket(bucket).prefix("nightly/backups/")).contents())
                .as("the folder layout, under the prefix").isNotEmpty();
        Run validate = run("--backups", backups, "validate", "--all");
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();

        String backupId = listed.get(0).path("backupId").asText();
        Run restore = run("--store", "file:restored", "--backups", backups, "restore", backupId);
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(dir.resolve("restored/object-document-store")).isDirectory();
    }

    @Test
    void anEventStoreInABucketBacksUpAndRestores() {
        String bucket = MotoServer.newBucket(MotoServer.client(), "store");
        String store = location(bucket, "/mirror");
        assertThat(run("--store", store, "demo").exitCode()).isZero();
        assertThat(MotoServer.client().listObjectsV2(b -> b.bucket(bucket).prefix("mirror/object-document-store/"))
                .contents()).as("the reference's layout, under the prefix").isNotEmpty();

        Run many = run("--store", store, "--backups", "file:bk", "backup-many", SampleOrders.OBJECT_NAME, "--all");
        assertThat(many.exitCode()).as(many.err()).isZero();
        Run restore = run("--store", store, "--backups", "file:bk", "restore-many", "--as-of", "2100-01-01",
                "--overwrite");
        assertThat(restore.exitCode()).as(restore.out() + restore.err()).isZero();
    }

    @Test
    void aMissingBucketIsAnErrorNamingIt() {
        assertThat(run("demo").exitCode()).isZero();
        Run r = run("--backups", location("no-such-bucket-cli", ""), "backup", SampleOrders.OBJECT_NAME,
                firstId());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("no-such-bucket-cli").contains("does not exist");
    }

    @Test
    void malformedLocationsAreUsageErrorsThatEchoNoCredentials() {
        for (String[] bad : new String[][] {
                {"s3://", "S3 locations are s3://BUCKET"},
                {"s3:bucket", "S3 locations are s3://BUCKET"},
                {"s3://Bad_Bucket/x", "not a valid S3 bucket name"},
                {"s3://fine-bucket?region=x", "unknown S3 option 'region'"},
                {"s3://fine-bucket?pathStyle=maybe", "pathStyle is true or false"},
                {"s3://fine-bucket?endpoint=nohost", "endpoint must be a URL"},
                {"s3://fine-bucket?endpoint=http://AKID:" + SECRET + "@127.0.0.1:9000", "takes no credentials"},
                {"s3://fine-bucket?endpoint=ht tp://AKID:" + SECRET + "@host", "endpoint must be a URL"},
                {"s3://AKIDEXAMPLE:" + SECRET + "@fine-bucket/x", "takes no credentials"}}) {
            Run r = run("--backups", bad[0], "list");
            assertThat(r.exitCode()).as(bad[0]).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(bad[0]).contains("--backups").contains(bad[1]);
        }
    }

    private String firstId() {
        try (var ids = new io.esbackup.store.FileEventStore(dir.resolve("esdata"))
                .listObjectIds(SampleOrders.OBJECT_NAME)) {
            return ids.findFirst().orElseThrow();
        }
    }
}
