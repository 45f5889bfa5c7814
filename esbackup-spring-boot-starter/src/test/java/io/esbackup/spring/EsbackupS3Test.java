package io.esbackup.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupRestoreService;
import io.esbackup.backup.RestoreOptions;
import io.esbackup.s3.MotoServer;
import io.esbackup.store.EventStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code s3://} backups in a context of its own, on moto's S3 server: from {@code esbackup.s3.*}, and from an application's own client. */
@ExtendWith(MotoServer.class)
class EsbackupS3Test {
    private static final String SECRET = "s3-secret-Zq81";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EsbackupAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void backsUpAndRestoresThroughS3BackupsOfTheS3Properties() {
        String bucket = MotoServer.newBucket(MotoServer.client(), "spring");
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=s3://" + bucket + "/pre",
                        "esbackup.s3.endpoint=" + MotoServer.endpoint(), "esbackup.s3.region=eu-west-1",
                        "esbackup.s3.access-key-id=AKIDEXAMPLE", "esbackup.s3.secret-access-key=" + SECRET)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    roundTrip(context);
                    assertThat(MotoServer.client().listObjectsV2(b -> b.bucket(bucket).prefix("pre/")).keyCount())
                            .isPositive();
                });
    }

    @Test
    void anApplicationsOwnS3ClientServesS3LocationsWithoutSettings() {
        String bucket = MotoServer.newBucket(MotoServer.client(), "spring");
        AtomicInteger requests = new AtomicInteger();
        S3Client own = S3Client.builder().endpointOverride(MotoServer.endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution call, ExecutionAttributes attributes) {
                        requests.incrementAndGet();
                    }
                })).build();
        // The context closes it, as the application's bean.
        runner.withBean(S3Client.class, () -> own)
                .withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"), "esbackup.backups=s3://" + bucket)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    roundTrip(context);
                    // Every request went through the application's client: nothing told esbackup the endpoint.
                    assertThat(requests.get()).isGreaterThan(3);
                });
    }

    @Test
    void anEndpointWithCredentialsFailsStartUpNamingThePropertyWithoutThem() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"), "esbackup.backups=s3://b",
                        "esbackup.s3.endpoint=http://AKID:" + SECRET + "@127.0.0.1:9000")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(EsbackupAutoConfigurationTest.messages(context.getStartupFailure()))
                            .contains("esbackup.s3.endpoint takes no credentials").doesNotContain(SECRET);
                });
    }

    @Test
    void aLocationWithCredentialsFailsStartUpNamingThePropertyWithoutThem() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"),
                        "esbackup.backups=s3://AKID:" + SECRET + "@bucket/pre")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(EsbackupAutoConfigurationTest.messages(context.getStartupFailure()))
                            .contains("esbackup.backups: an s3: location takes no credentials").doesNotContain(SECRET);
                });
    }

    @Test
    void aKeyIdWithoutItsSecretFailsStartUp() {
        runner.withPropertyValues("esbackup.store=file:" + dir.resolve("esdata"), "esbackup.backups=s3://bucket",
                        "esbackup.s3.access-key-id=AKIDEXAMPLE")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(EsbackupAutoConfigurationTest.messages(context.getStartupFailure()))
                            .contains("esbackup.s3.access-key-id and esbackup.s3.secret-access-key go together");
                });
    }

    private static void roundTrip(AssertableApplicationContext context) throws Exception {
        EventStore store = context.getBean(EventStore.class);
        BackupRestoreService service = context.getBean(BackupRestoreService.class);
        Aggregates.create(store, "order", "o-1", 3);

        BackupHandle backup = service.backupStream("order", "o-1");
        Aggregates.append(store, "order", "o-1", 2);
        service.restoreStream(backup, RestoreOptions.WITH_OVERWRITE);

        assertThat(Aggregates.payloads(store, "order", "o-1")).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        assertThat(service.listBackups()).extracting(BackupHandle::backupId).containsExactly(backup.backupId());
    }
}
