package io.esbackup.cli;

import io.esbackup.backup.RebuildReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code esbackup registry rebuild}: {@code BackupRestoreService.rebuildRegistry()}. */
@Command(name = "rebuild",
        header = "Record every backup's manifest in the registry again, and drop entries of backups that are gone.",
        description = {"", "Recreates the id pointers missing in --backups first (as esbackup repair does), then "
            + "reads every manifest of --backups and records it in --registry, and removes the "
            + "registry's entries whose backup no longer exists. Safe to run at any time, and while backups run. "
            + "With --json: {\"recorded\": N, \"removed\": M, \"pointersRecreated\": P, \"pointersUnrepaired\": U}.",
            ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class RegistryRebuildCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RegistryCommand parent;

    @Override
    public Integer call() {
        EsBackupCommand root = parent.root;
        if (root.registryLocation().isEmpty()) {
            throw Usage.error(spec, "registry rebuild needs --registry URI (the registry to rebuild)");
        }
        RebuildReport report = root.service().rebuildRegistry();
        Output out = root.output();
        out.line("Rebuilt the registry: %,d backups recorded, %,d entries of missing backups removed, %,d missing id "
                + "pointers recreated.", report.recorded(), report.removed(), report.pointersRecreated());
        if (report.pointersUnrepaired() > 0) {
            out.line("%s disagree with their manifests or could not be written; esbackup repair lists them.",
                    Views.plural(report.pointersUnrepaired(), "id pointer"));
        }
        out.result(Output.object().put("recorded", report.recorded()).put("removed", report.removed())
                .put("pointersRecreated", report.pointersRecreated())
                .put("pointersUnrepaired", report.pointersUnrepaired()));
        return ExitCodes.OK;
    }
}
