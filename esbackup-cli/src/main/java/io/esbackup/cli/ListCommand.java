package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupQuery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code esbackup list}: {@code BackupRestoreService.listBackups(BackupQuery)}. */
@Command(name = "list",
        header = "List backups, newest first.",
        description = {"", "Lists finished backups that match every filter given. With --json, an array of "
            + "backups.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class ListCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private EsBackupCommand root;

    @Mixin
    private AggregateOptions aggregates;

    @Option(names = "--since", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Created at or after TIME: an instant such as 2024-09-17T08:30:00Z, or a date "
                + "(from its start, UTC).")
    private Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = InstantConverter.EndOfDay.class,
            description = "Created before TIME: an instant, or a date (up to its end, UTC).")
    private Instant until;

    /** The earlier name of --since, kept for scripts; hidden, so errors and help name --since. */
    @Option(names = "--created-after", paramLabel = "TIME", converter = InstantConverter.class, hidden = true)
    void createdAfter(Instant v) {
        since = v;
    }

    /** The earlier name of --until (taking a date as its start, as it did). */
    @Option(names = "--created-before", paramLabel = "TIME", converter = InstantConverter.class, hidden = true)
    void createdBefore(Instant v) {
        until = v;
    }

    @Option(names = "--tag", paramLabel = "K=V", description = "Has this tag; repeatable (all must match).")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--max", paramLabel = "N", description = "At most N backups (the newest).")
    private Integer maxResults;

    @Option(names = "--include-expired", description = "Also backups whose retention ran out.")
    private boolean includeExpired;

    @Option(names = "--subfolder", paramLabel = "PATH", description = "List backups/PATH/ instead of backups/.")
    private String subfolder;

    @Override
    public Integer call() {
        check();
        BackupQuery query = aggregates.query()
                .createdAfter(since).createdBefore(until).tags(tags).maxResults(maxResults)
                .includeExpired(includeExpired).location(subfolder).build();
        List<BackupHandle> backups = root.service().listBackups(query);
        Output out = root.output();
        if (backups.isEmpty()) {
            out.line("No backups match.");
        } else {
            out.line("%-36s  %-20s  %7s  %9s  %s", "BACKUP ID", "CREATED", "EVENTS", "SIZE", "AGGREGATE");
        }
        ArrayNode json = Output.array();
        for (BackupHandle h : backups) {
            out.line("%-36s  %-20s  %7d  %9s  %s/%s%s", h.backupId(), h.createdAt().truncatedTo(ChronoUnit.SECONDS),
                    h.eventCount(), Sizes.human(h.sizeBytes()), h.objectName(), h.objectId(),
                    h.manifest().encrypted() ? "  (encrypted)" : "");
            json.add(Views.backup(h));
        }
        out.result(json);
        return ExitCodes.OK;
    }

    private void check() {
        aggregates.check();
        if (maxResults != null && maxResults < 1) {
            throw Usage.error(spec, "--max must be 1 or more, was " + maxResults);
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw Usage.error(spec, "--since (" + since + ") must be before --until (" + until + ")");
        }
    }
}
