package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code esbackup list}: {@code BackupRestoreService.listBackups(BackupQuery)}. */
@Command(name = "list",
        header = "List backups, newest first.",
        description = {"", "Lists finished backups that match every filter given.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class ListCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @ParentCommand
    private EsBackupCommand root;

    @Option(names = "--object-name", paramLabel = "NAME", description = "Only this object name.")
    private String objectName;

    @Option(names = "--object-id", paramLabel = "ID", description = "Only this object id (needs --object-name).")
    private String objectId;

    @Option(names = "--created-after", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Created at or after TIME (2024-09-17 or 2024-09-17T08:30:00Z).")
    private Instant createdAfter;

    @Option(names = "--created-before", paramLabel = "TIME", converter = InstantConverter.class,
            description = "Created before TIME.")
    private Instant createdBefore;

    @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Has this tag; repeatable (all must match).")
    private Map<String, String> tags = new LinkedHashMap<>();

    @Option(names = "--max", paramLabel = "N", description = "At most N backups.")
    private Integer maxResults;

    @Option(names = "--include-expired", description = "Also backups whose retention ran out.")
    private boolean includeExpired;

    @Option(names = "--subfolder", paramLabel = "PATH", description = "List backups/PATH/ instead of backups/.")
    private String subfolder;

    @Override
    public Integer call() {
        BackupQuery query = BackupQuery.builder().objectName(objectName).objectId(objectId)
                .createdAfter(createdAfter).createdBefore(createdBefore).tags(tags).maxResults(maxResults)
                .includeExpired(includeExpired).location(subfolder).build();
        List<BackupHandle> backups = root.service().listBackups(query);
        Output out = root.output();
        if (backups.isEmpty()) {
            out.line("No backups match.");
        } else {
            out.line("%-36s  %-20s  %7s  %9s  %s", "BACKUP ID", "CREATED", "EVENTS", "SIZE", "AGGREGATE");
        }
        ObjectNode json = Output.object().put("count", backups.size());
        ArrayNode list = json.putArray("backups");
        for (BackupHandle h : backups) {
            out.line("%-36s  %-20s  %7d  %9s  %s/%s", h.backupId(), h.createdAt().truncatedTo(ChronoUnit.SECONDS), h.eventCount(),
                    Sizes.human(h.sizeBytes()), h.objectName(), h.objectId());
            list.add(Views.backup(h));
        }
        out.result(json);
        return ExitCodes.OK;
    }
}
