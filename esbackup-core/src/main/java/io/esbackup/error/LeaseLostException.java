package io.esbackup.error;

/**
 * A job lease ({@link io.esbackup.backup.JobLease}) is no longer its holder's: it expired and another owner took
 * it over (or it was changed by hand), so the holder's conditional write of it lost. The job it guarded must stop:
 * another instance may be running it now.
 */
public class LeaseLostException extends ConflictException {
    private final String job;

    public LeaseLostException(String job, String message, Throwable cause) {
        super(message, cause);
        this.job = job;
    }

    /** The job whose lease was lost. */
    public String job() {
        return job;
    }
}
