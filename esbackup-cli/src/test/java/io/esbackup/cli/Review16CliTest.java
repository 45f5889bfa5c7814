package io.esbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Review of issue #16's CLI wiring: secrets in --registry and --azure-connection-string, usage errors. */
class Review16CliTest {
    private static final String AZURITE = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            + "AccountKey=c2VjcmV0LWF6dXJlLWtleS1yZXZpZXcxNg==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    @TempDir
    Path dir;

    /**
     * A server that is not there, with --verbose (stack traces) and --json, and a password with a raw '@' (which
     * the URL parser takes up to the last '@'): no part of the password is in any output.
     */
    @Test
    void anUnreachablePostgresRegistryShowsNoPasswordEvenVerbose() {
        CliRun.Result r = new CliRun(dir).run("--verbose", "--json", "--registry",
                "postgresql://u:hunter2@secret@127.0.0.1:1/db", "list");
        assertThat(r.exitCode()).as(r.err()).isNotZero();
        assertThat(r.out() + r.err()).doesNotContain("hunter2").doesNotContain("secret");
    }

    /** A bad registry container in azure-reference:// is a usage error naming --backups, without the key. */
    @Test
    void aBadReferenceRegistryContainerIsAUsageErrorNamingTheOption() {
        CliRun.Result r = new CliRun(dir).run("--verbose", "--azure-connection-string", AZURITE, "--backups",
                "azure-reference://?registry=Bad_Name", "list");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--backups").contains("Bad_Name")
                .doesNotContain("c2VjcmV0LWF6dXJlLWtleS1yZXZpZXcxNg");
    }

    /** registry rebuild without --registry names the option. */
    @Test
    void registryRebuildWithoutARegistryNamesTheOption() {
        CliRun.Result r = new CliRun(dir).run("registry", "rebuild");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--registry");
    }
}
