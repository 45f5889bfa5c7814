package io.esbackup.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class StorageExceptionTest {
    @Test
    void theMessageNamesTheOperationTheKeyAndTheReasonAndTheCauseIsKept() {
        IOException full = new IOException("No space left on device");
        StorageException e = new StorageException("writing blob orders/o-1.json", full);

        assertThat(e).isInstanceOf(BackupException.class).isNotInstanceOf(TransientStorageException.class)
                .hasMessage("writing blob orders/o-1.json failed: No space left on device");
        assertThat(e.getCause()).isSameAs(full);
    }

    @Test
    void theReasonJavaLeavesOutIsPutBackFromTheTypeWithTheFile() {
        assertThat(message(new AccessDeniedException("/srv/es/a")))
                .isEqualTo("reading blob a failed: Permission denied (/srv/es/a)");
        assertThat(message(new NoSuchFileException("/srv/es/a")))
                .isEqualTo("reading blob a failed: No such file or directory (/srv/es/a)");
        assertThat(message(new NotDirectoryException("/srv/es")))
                .isEqualTo("reading blob a failed: Not a directory (/srv/es)");
        assertThat(message(new FileAlreadyExistsException("/srv/es/a", "/srv/es/.tmp", null)))
                .isEqualTo("reading blob a failed: File exists (/srv/es/a -> /srv/es/.tmp)");
        // The file system's own words, where Java keeps them.
        assertThat(message(new FileSystemException("/srv/es/a/b", null, "Not a directory")))
                .isEqualTo("reading blob a failed: Not a directory (/srv/es/a/b)");
        assertThat(message(new FileSystemException(null, null, "Read-only file system")))
                .isEqualTo("reading blob a failed: Read-only file system");
        assertThat(message(new IOException())).isEqualTo("reading blob a failed: IOException");
        assertThat(message(new IOException(" "))).isEqualTo("reading blob a failed: IOException");
    }

    private static String message(IOException cause) {
        return new StorageException("reading blob a", cause).getMessage();
    }
}
