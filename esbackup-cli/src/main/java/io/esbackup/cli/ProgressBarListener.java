package io.esbackup.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar (me.tongfei:progressbar) on the command's stderr writer, redrawn in place with a carriage
 * return, ending with a newline so the next message starts on a line of its own.
 */
final class ProgressBarListener implements ProgressListener {
    private static final int REDRAW_MILLIS = 200;

    private final PrintWriter err;
    private final int width;
    private ProgressBar bar;
    private long failed;

    ProgressBarListener(PrintWriter err, int width) {
        this.err = err;
        this.width = width;
    }

    @Override
    public synchronized void start(String task, long total) {
        if (bar != null) {
            return;
        }
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(REDRAW_MILLIS).setConsumer(new Line(err, width)).showSpeed();
        if (total >= 0) {
            b.setInitialMax(total);
        } else {
            b.hideEta();
        }
        bar = b.build();
    }

    @Override
    public synchronized void progress(long done, long failedSoFar) {
        if (bar == null) {
            return;
        }
        if (done > bar.getCurrent()) {
            bar.stepTo(done);
        }
        if (failedSoFar > failed) {
            failed = failedSoFar;
            bar.setExtraMessage(failed + " failed");
        }
    }

    @Override
    public synchronized void end() {
        close(null);
    }

    @Override
    public synchronized void failed() {
        close("stopped");
    }

    private void close(String note) {
        if (bar == null) {
            return;
        }
        if (note != null) {
            bar.setExtraMessage(failed > 0 ? failed + " failed, " + note : note);
        }
        bar.close();
        bar = null;
    }

    /** Draws the bar on one line of {@code err}. */
    private static final class Line implements ProgressBarConsumer {
        private final PrintWriter err;
        private final int width;

        Line(PrintWriter err, int width) {
            this.err = err;
            this.width = Math.max(20, width);
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            String line = rendered.length() > width ? rendered.substring(0, width) : rendered;
            err.print('\r' + line);
            err.flush();
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }
}
