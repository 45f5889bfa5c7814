package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.backup.BackupHandle;
import io.esbackup.backup.BackupQuery;
import io.esbackup.backup.ForgetFailure;
import io.esbackup.backup.ForgetGroup;
import io.esbackup.backup.ForgetReport;
import io.esbackup.backup.KeptBackup;
import io.esbackup.backup.RetentionPolicy;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code esbackup forget --keep-...}: {@code BackupRestoreService.forget(selection, policy, dryRun)}. */
@Command(name = "forget",
        header = "Remove backups a retention policy does not keep.",
        description = {"", "For each aggregate (in each subfolder), keeps the backups the --keep options name and "
            + "deletes the others, as restic forget does: --keep-last N keeps the N newest; --keep-hourly, "
            + "--keep-daily, --keep-weekly, --keep-monthly and --keep-yearly N keep the newest backup of each of "
            + "the N newest hours, days, ISO weeks, months or years (UTC) that have one, and the oldest backup too "
            + "while fewer than N have one; --keep-within D keeps every backup made less than D before the "
            + "aggregate's newest backup; --keep-tag keeps every backup with that tag. Every backup an "
            + "incremental backup that stays needs is kept too. Expired backups are left to cleanup. Give at "
            + "least one --keep option. Prints what was kept (with the rules that kept it) and removed; with "
            + "--dry-run, what would be, removing nothing. If some deletions fail, the others still happen and "
            + "the exit code is that of the first failure.", ""},
        sortOptions = false,
        usageHelpAutoWidth = false)
final class ForgetCommand implements Callable<Integer> {
    @Mixin
    private HelpOption help;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private EsBackupCommand root;

    @Mixin
    private AggregateOptions aggregates;

    @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest backups.")
    private int keepLast;

    @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest backup of each of the N "
            + "newest hours that have one.")
    private int keepHourly;

    @Option(names = "--keep-daily", paramLabel = "N", description = "The same for days (UTC).")
    private int keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "The same for ISO weeks (Monday to Sunday).")
    private int keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "The same for months.")
    private int keepMonthly;

    @Option(names = "--keep-yearly", paramLabel = "N", description = "The same for years.")
    private int keepYearly;

    @Option(names = "--keep-within", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep every backup made less than DURATION (30d, 12h, P2W) before the aggregate's newest "
                + "backup (not before now: backups that stopped are not all removed by time).")
    private Duration keepWithin;

    @Option(names = "--keep-tag", paramLabel = "K=V", description = "Keep every backup with this tag; repeatable "
            + "(any one keeps a backup).")
    private List<String> keepTags = new ArrayList<>();

    @Option(names = "--dry-run", description = "Only print what would be removed.")
    private boolean dryRun;

    @Override
    public Integer call() {
        RetentionPolicy policy = policy();
        BackupQuery selection = aggregates.query().build();
        ForgetReport report = root.service().forget(selection, policy, dryRun);
        Output out = root.output();
        ObjectNode json = Output.object().put("dryRun", dryRun).put("keptCount", report.keptCount())
                .put("removedCount", report.removedCount()).put("failedCount", report.failures().size());
        ArrayNode groups = json.putArray("aggregates");
        for (ForgetGroup g : report.groups()) {
            print(out, g, groups.addObject());
        }
        out.line("%s %s, kept %s of %s.", dryRun ? "Would remove" : "Removed",
                Views.plural(report.removedCount(), "backup"), Views.plural(report.keptCount(), "backup"),
                Views.plural(report.groups().size(), "aggregate"));
        out.result(json);
        List<ForgetFailure> failures = report.failures();
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0).exception();
            throw new SomeFailedException(failures.size() + " of " + (failures.size() + report.removedCount())
                    + " backups to remove were not removed: " + ExitCodes.describe(first)
                    + (failures.size() > 1 ? " and " + (failures.size() - 1) + " more, listed in the output" : "")
                    + "; the others were removed, and forget can be run again", first);
        }
        return ExitCodes.OK;
    }

    private void print(Output out, ForgetGroup g, ObjectNode json) {
        json.put("objectName", g.objectName()).put("objectId", g.objectId()).put("subfolder", g.location());
        out.line("%s/%s%s: keep %d, %s %d%s", g.objectName(), g.objectId(),
                g.location() == null ? "" : " (subfolder " + g.location() + ")", g.kept().size(),
                dryRun ? "would remove" : "removed", g.removed().size(),
                g.failed().isEmpty() ? "" : ", failed " + g.failed().size());
        ArrayNode kept = json.putArray("kept");
        for (KeptBackup k : g.kept()) {
            out.line("  keep    %s  %s  %s", k.backup().backupId(), created(k.backup()), String.join(", ", k.reasons()));
            kept.add(withReasons(k));
        }
        ArrayNode removed = json.putArray("removed");
        for (BackupHandle h : g.removed()) {
            out.line("  remove  %s  %s", h.backupId(), created(h));
            removed.add(Views.backup(h));
        }
        ArrayNode failed = json.putArray("failed");
        for (ForgetFailure f : g.failed()) {
            out.line("  failed  %s  %s  %s", f.backup().backupId(), created(f.backup()),
                    ExitCodes.describe(f.exception()));
            failed.add(Views.backup(f.backup()).put("message", ExitCodes.describe(f.exception())));
        }
    }

    private static ObjectNode withReasons(KeptBackup k) {
        ObjectNode n = Views.backup(k.backup());
        ArrayNode reasons = n.putArray("reasons");
        k.reasons().forEach(reasons::add);
        return n;
    }

    private static String created(BackupHandle h) {
        return h.createdAt().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The policy from the options; a usage error (exit 2) naming the option for anything it cannot be. */
    private RetentionPolicy policy() {
        aggregates.check();
        RetentionPolicy.Builder b = RetentionPolicy.builder().keepLast(count("--keep-last", keepLast))
                .keepHourly(count("--keep-hourly", keepHourly)).keepDaily(count("--keep-daily", keepDaily))
                .keepWeekly(count("--keep-weekly", keepWeekly)).keepMonthly(count("--keep-monthly", keepMonthly))
                .keepYearly(count("--keep-yearly", keepYearly)).keepWithin(keepWithin);
        for (String tag : keepTags) {
            int eq = tag.indexOf('=');
            if (eq <= 0 || tag.substring(0, eq).isBlank()) {
                throw Usage.error(spec, "--keep-tag takes KEY=VALUE, as in --keep-tag release=1.0, not '" + tag + "'");
            }
            b.keepTag(tag.substring(0, eq), tag.substring(eq + 1));
        }
        if ((long) keepLast + keepHourly + keepDaily + keepWeekly + keepMonthly + keepYearly == 0 && keepWithin == null
                && keepTags.isEmpty()) {
            throw Usage.error(spec, "forget needs at least one of --keep-last, --keep-hourly, --keep-daily, "
                    + "--keep-weekly, --keep-monthly, --keep-yearly (a count above 0), --keep-within or --keep-tag; "
                    + "without one "
                    + "it would remove every backup");
        }
        return b.build();
    }

    private int count(String option, int n) {
        if (n < 0) {
            throw Usage.error(spec, option + " must be 0 or more, was " + n);
        }
        return n;
    }
}
