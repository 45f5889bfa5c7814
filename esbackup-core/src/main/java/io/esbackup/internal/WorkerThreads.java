package io.esbackup.internal;

/** Starting and stopping the second threads of the read-ahead and write-behind streams. */
final class WorkerThreads {
    private WorkerThreads() {}

    /** A started daemon thread: a worker must never keep the JVM alive. */
    static Thread start(Runnable work, String name) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Interrupts {@code worker} and waits until it has ended, even if this thread is interrupted meanwhile
     * (the flag is set again afterwards): what it was using may only be closed once it is gone.
     */
    static void stop(Thread worker) {
        if (worker == null) {
            return;
        }
        worker.interrupt();
        boolean interrupted = false;
        while (worker.isAlive()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
