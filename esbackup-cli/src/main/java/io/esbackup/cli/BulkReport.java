package io.esbackup.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.esbackup.backup.BackupFailure;
import io.esbackup.backup.BulkBackupResult;
import io.esbackup.backup.BulkRestoreResult;
import io.esbackup.backup.RestoreFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code backup-many} and {@code restore-many} print: the counts, the time taken and every failure
 * (as many as the service kept); with {@code --json} also the backups or restores made. A run with any
 * failure, or one that stopped early, ends with {@link BulkFailedException} (exit code 1).
 */
final class BulkReport {
    /** How a run ended. */
    enum End {
        COMPLETED, FAIL_FAST, INTERRUPTED, INPUT_FAILED, COMMIT_FAILED;

        /** How a run that threw {@code reason} ended. */
        static End of(io.esbackup.backup.BulkStop reason) {
            return switch (reason) {
                case FAILED -> FAIL_FAST;
                case INTERRUPTED -> INTERRUPTED;
                case INPUT_FAILED -> INPUT_FAILED;
                case COMMIT_FAILED -> COMMIT_FAILED;
            };
        }
    }

    private final String command;
    private final String done;
    private final String noun;
    private final long total;
    private final long succeeded;
    private long unchanged;
    private final long failed;
    private final Duration elapsed;
    private final boolean truncated;
    private final End end;
    private final ObjectNode json;
    private final List<String> failureLines = new ArrayList<>();
    private String inputError;
    private String note;
    private String shard = "";

    private BulkReport(String command, String done, String noun, long total, long succeeded, long failed,
                       Duration elapsed, boolean truncated, End end) {
        this.command = command;
        this.done = done;
        this.noun = noun;
        this.total = total;
        this.succeeded = succeeded;
        this.failed = failed;
        this.elapsed = elapsed;
        this.truncated = truncated;
        this.end = end;
        this.json = Output.object().put("command", command).put("totalProcessed", total)
                .put("successCount", succeeded).put("failureCount", failed).put("elapsed", elapsed.toString())
                .put("elapsedMillis", elapsed.toMillis()).put("stoppedEarly", end != End.COMPLETED)
                .put("stopReason", end == End.COMPLETED ? null : end.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("truncated", truncated);
    }

    static BulkReport backups(String objectName, BulkBackupResult r, End end) {
        BulkReport report = new BulkReport("backup-many", "Backed up", "stream", r.totalProcessed(),
                r.successCount(), r.failureCount(), r.elapsed(), r.truncated(), end);
        report.json.put("objectName", objectName).put("unchangedCount", r.unchangedCount());
        report.unchanged = r.unchangedCount();
        ArrayNode backups = report.json.putArray("backups");
        r.successfulBackups().forEach(h -> backups.add(Views.backup(h)));
        ArrayNode failures = report.json.putArray("failures");
        for (BackupFailure f : r.failedBackups()) {
            String message = message(f.exception(), f.errorMessage());
            failures.add(Output.object().put("objectId", f.objectId()).put("message", message)
                    .put("error", errorType(f.exception())));
            report.failureLines.add(f.objectId() + ": " + message);
        }
        return report;
    }

    static BulkReport restores(BulkRestoreResult r, BackupIdInput input, End end) {
        long malformed = input == null ? 0 : input.malformedCount();
        BulkReport report = new BulkReport("restore-many", "Restored", "backup", r.totalProcessed() + malformed,
                r.successCount(), r.failureCount() + malformed, r.elapsed(),
                r.truncated() || (input != null && input.malformed().size() < malformed), end);
        ArrayNode restores = report.json.putArray("restores");
        r.successfulRestores().forEach(x -> restores.add(Views.restore(x)));
        ArrayNode failures = report.json.putArray("failures");
        for (RestoreFailure f : r.failedRestores()) {
            String message = message(f.exception(), f.errorMessage());
            failures.add(Output.object().put("backupId", f.backupId().toString()).put("message", message)
                    .put("error", errorType(f.exception())));
            report.failureLines.add(f.backupId() + ": " + message);
        }
        if (input != null) {
            for (BackupIdInput.Malformed m : input.malformed()) {
                failures.add(Output.object().putNull("backupId").put("input", m.text()).put("line", m.line())
                        .put("message", m.message()).put("error", "MalformedBackupId"));
                report.failureLines.add(m.message());
            }
        }
        return report;
    }

    /** A {@code restore-many --as-of} run: the time and object name asked for, and a note if nothing had a backup. */
    BulkReport asOf(Instant time, String objectName) {
        json.put("asOf", time.toString()).put("objectName", objectName);
        if (total == 0 && end == End.COMPLETED) {
            note = "No backup " + (objectName == null ? "" : "of " + objectName + " ") + "was taken at or before "
                    + time + "; nothing was restored.";
        }
        return this;
    }

    /** A restore run's point ({@code toVersion}, {@code toTime}, or neither), in the JSON as a single restore has it. */
    BulkReport point(RestoreFlags flags) {
        flags.withPoint(json);
        return this;
    }

    /** A run over one shard: said in the summary line, and as {@code shard} in the JSON. */
    BulkReport shard(io.esbackup.backup.Shard of) {
        this.shard = " of shard " + of;
        json.put("shard", of.toString());
        return this;
    }

    /** Why reading the input failed ({@link End#INPUT_FAILED}), or the commit ({@link End#COMMIT_FAILED}). */
    BulkReport inputError(Throwable cause) {
        this.inputError = cause == null ? "unknown error" : ExitCodes.describe(cause);
        json.put("inputError", inputError);
        return this;
    }

    /** The result on {@code out}: a summary line and the failures, or the JSON document. */
    void print(Output out) {
        String counted = failed == 0 ? Views.plural(succeeded, noun)
                : succeeded + " of " + Views.plural(total, noun);
        String line = String.format(Locale.ROOT, "%s %s%s in %s", done, counted, shard, human(elapsed));
        if (unchanged > 0) {
            line += String.format(Locale.ROOT, " (%d unchanged, nothing written for them)", unchanged);
        }
        out.line(failed == 0 ? line + "." : line + "; " + failed + " failed:");
        failureLines.forEach(f -> out.line("  %s", f));
        if (note != null) {
            out.line("%s", note);
        }
        if (truncated && failureLines.size() < failed) {
            out.line("  ... and %d more not listed", failed - failureLines.size());
        }
        if (end == End.FAIL_FAST) {
            out.line("Stopped at the first failure (--fail-fast): work in flight was finished, nothing else "
                    + "was started.");
        } else if (end == End.INTERRUPTED) {
            out.line("Interrupted: work in flight was finished, nothing else was started.");
        } else if (end == End.INPUT_FAILED) {
            out.line("Reading the input failed (%s): work in flight was finished, nothing else was started.",
                    inputError);
        } else if (end == End.COMMIT_FAILED) {
            out.line("The packed run could not be committed (%s): none of its backups exists.", inputError);
        }
        out.result(json);
    }

    /** Ends the command with exit code 1 if anything failed or the run stopped early. */
    void failIfNotAllDone() {
        String counts = " after " + succeeded + " succeeded and " + failed + " failed";
        switch (end) {
            case FAIL_FAST -> throw new BulkFailedException(command + " stopped at the first failure (--fail-fast)"
                    + counts + "; fix it and run again for the rest");
            case INTERRUPTED -> throw new BulkFailedException(command + " was interrupted" + counts
                    + "; run again for the rest");
            case INPUT_FAILED -> throw new BulkFailedException(command + " stopped because reading its input "
                    + "failed (" + inputError + ")" + counts + "; fix the input and run again for the rest");
            case COMMIT_FAILED -> throw new BulkFailedException(command + " could not commit its packed run ("
                    + inputError + "), so it made no backup; run it again");
            default -> {
                if (failed > 0) {
                    throw new BulkFailedException(failed + " of " + Views.plural(total, noun) + " failed; see the "
                            + "failures in the output, fix them and run again for those");
                }
            }
        }
    }

    private static String message(Throwable e, String fallback) {
        return e == null ? fallback : ExitCodes.describe(e);
    }

    private static String errorType(Throwable e) {
        return e == null ? null : e.getClass().getSimpleName();
    }

    /** {@code 0.4 s}, {@code 12.0 s}, {@code 3 min 5 s}, {@code 2 h 10 min}. */
    static String human(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
