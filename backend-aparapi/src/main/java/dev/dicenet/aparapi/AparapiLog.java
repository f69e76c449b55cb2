package dev.dicenet.aparapi;

import com.aparapi.Config;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Remembers the first problem Aparapi logged since the last execution began (a failed OpenCL compile,
 * an unsupported construct, a device that failed: the cause, before its "trying next device"), so that
 * a Java-thread fallback can be reported with Aparapi's own reason.
 */
final class AparapiLog extends Handler {
    private static final AparapiLog INSTANCE = new AparapiLog();

    static {
        Logger logger = Logger.getLogger(Config.getLoggerName());
        logger.addHandler(INSTANCE);
    }

    private volatile String last;

    private AparapiLog() {
        setLevel(Level.WARNING);
    }

    static void clear() {
        INSTANCE.last = null;
    }

    /** The first warning Aparapi logged since {@link #clear()}, or a note that it logged none. */
    static String lastProblem() {
        String s = INSTANCE.last;
        return s == null ? "Aparapi logged no reason (e.g. no OpenCL device was preferred)" : s;
    }

    @Override
    public void publish(LogRecord record) {
        if (record != null && record.getLevel().intValue() >= Level.WARNING.intValue()) {
            String message = record.getMessage();
            if (record.getThrown() != null) {
                message = message + " (" + record.getThrown() + ")";
            }
            if (last == null) {
                last = message;
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
