package kstore.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A server process owned by this JVM, registered with the watchdog through its pid file. */
final class Server {

    final String name;
    final long pid;
    final long startTime;
    final int port;
    private final String stopSignal;
    private final Duration stopTimeout;
    private final Path pidFile;
    private final Runnable afterStop;
    long startMillis;

    Server(String name, long pid, int port, String stopSignal, Duration stopTimeout, Path pidFile, Runnable afterStop) {
        this.name = name;
        this.pid = pid;
        this.startTime = Procs.startTime(pid).orElse(0);
        this.port = port;
        this.stopSignal = stopSignal;
        this.stopTimeout = stopTimeout;
        this.pidFile = pidFile;
        this.afterStop = afterStop;
    }

    boolean alive() {
        return Procs.alive(pid, startTime);
    }

    void stop() {
        boolean graceful = Procs.stop(pid, startTime, stopSignal, stopTimeout);
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // the watchdog is stopped right after; a stale pid file is checked by start time anyway
        }
        if (graceful && afterStop != null) {
            afterStop.run(); // e.g. promote the broker's class-data archive, complete only after a normal exit
        }
    }

    /** Registers a process with the watchdog: "pid signal starttime". */
    static Path register(Layout layout, String name, long pid, String stopSignal) throws IOException {
        Path f = layout.ownRunDir().resolve(name + ".pid");
        long st = Procs.startTime(pid).orElse(0);
        StackFiles.writeAtomically(f, pid + " " + stopSignal + " " + st + "\n", false);
        return f;
    }

    @Override
    public String toString() {
        return name + " :" + port + " pid " + pid + " " + startMillis + " ms";
    }

    /** A failure to start an in-JVM server: {@link PortTaken} when some cause is a bind failure, else an IOException. */
    static IOException bindFailure(Exception e, String portTakenMessage) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return new PortTaken(portTakenMessage);
            }
        }
        return e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }

    /** The server could not bind its port (someone took it): retry on another one. */
    static final class PortTaken extends IOException {
        PortTaken(String message) {
            super(message);
        }
    }
}
