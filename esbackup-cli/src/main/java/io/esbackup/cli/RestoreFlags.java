package io.esbackup.cli;

import io.esbackup.backup.RestoreOptions;
import picocli.CommandLine.Option;

/** The restore options {@code restore}, {@code clone} and {@code restore-many} share. */
final class RestoreFlags {
    @Option(names = "--overwrite",
            description = "Replace the aggregate if it is live; its old stream is kept as a terminated stream.")
    private boolean overwrite;

    @Option(names = "--purge-replaced", description = "With --overwrite, delete the replaced stream's events.")
    private boolean purgeReplaced;

    @Option(names = "--no-validate", description = "Skip the checksum and structure checks (not advised).")
    private boolean noValidate;

    @Option(names = {"--no-document", "--no-object-document"},
            description = "Do not restore the backed-up document's fields.")
    private boolean noDocument;

    @Option(names = "--no-snapshots", description = "Do not restore snapshots.")
    private boolean noSnapshots;

    @Option(names = {"--no-terminated", "--no-terminated-streams"}, description = "Do not restore terminated streams.")
    private boolean noTerminated;

    @Option(names = "--description", paramLabel = "TEXT", description = "Why the restore was done.")
    private String description;

    RestoreOptions options() {
        return RestoreOptions.builder().overwrite(overwrite).purgeReplaced(purgeReplaced)
                .validateBeforeRestore(!noValidate).restoreObjectDocument(!noDocument)
                .restoreSnapshots(!noSnapshots).restoreTerminatedStreams(!noTerminated)
                .description(description).build();
    }
}
