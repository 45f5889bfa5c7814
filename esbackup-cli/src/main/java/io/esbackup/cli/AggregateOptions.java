package io.esbackup.cli;

import io.esbackup.backup.BackupQuery;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --object-name NAME [--object-id ID]}: the aggregates a command that selects backups ({@code list},
 * {@code forget}, {@code copy}) works on, all of them when neither is given. A picocli mixin.
 */
final class AggregateOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--object-name", paramLabel = "NAME", description = "Only the backups of this object name.")
    private String objectName;

    @Option(names = "--object-id", paramLabel = "ID", description = "Only this aggregate's (needs --object-name).")
    private String objectId;

    String objectName() {
        return objectName;
    }

    String objectId() {
        return objectId;
    }

    /** Whether either was given. */
    boolean given() {
        return objectName != null || objectId != null;
    }

    /** A usage error (exit 2) for an id without its name, which names no aggregate. */
    void check() {
        if (objectId != null && objectName == null) {
            throw Usage.error(spec, "--object-id needs --object-name; give both, as in --object-name order "
                    + "--object-id " + objectId);
        }
    }

    /** A query of these aggregates, to add to. */
    BackupQuery.Builder query() {
        return BackupQuery.builder().objectName(objectName).objectId(objectId);
    }
}
