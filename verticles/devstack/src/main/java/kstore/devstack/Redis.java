package kstore.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * redis-server 6.2.11 as shipped inside embedded-redis 1.4.4, run directly (the library's own wrapper copies the
 * binary to a fresh temp file on every start and hides the pid). Persistent mode: append-only file in
 * {@code redis/} (Redis holds only rebuildable state; appendfsync everysec). Temp mode: no persistence.
 */
final class Redis {

    private Redis() {
    }

    static Server start(Layout layout, boolean durable, int port) throws IOException {
        Path exe = Binaries.redis();
        Path dir = layout.redisDir();
        Files.createDirectories(dir);
        Path log = layout.log("redis");
        StackFiles.rotate(log);
        List<String> cmd = new ArrayList<>(List.of(
            exe.toString(),
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--dir", dir.toString(),
            "--daemonize", "no",
            "--logfile", "",
            "--save", "",
            "--appendonly", durable ? "yes" : "no",
            "--appendfsync", "everysec"));
        Process p = Procs.spawn(cmd, log, false, dir);
        Path pidFile = Server.register(layout, "redis", p.pid(), "TERM");

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (ping(port)) {
                return new Server("redis", p.pid(), port, "TERM", Duration.ofSeconds(10), pidFile, null);
            }
            if (!p.isAlive()) {
                String tail = Procs.tail(log, 10);
                Files.deleteIfExists(pidFile);
                if (tail.contains("Address already in use")) {
                    throw new Server.PortTaken("redis: port " + port + " taken" + tail);
                }
                throw new IOException("redis-server exited with code " + p.exitValue() + " (log " + log + "):" + tail);
            }
            if (System.nanoTime() > deadline) {
                Procs.stop(p.pid(), 0, "KILL", Duration.ofSeconds(5));
                throw new IOException("redis not ready after 60 s (log " + log + "):" + Procs.tail(log, 10));
            }
            Procs.pause(10);
        }
    }

    /** True when the server answers PING with +PONG (not -LOADING while it replays the AOF). */
    static boolean ping(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] b = new byte[64];
            int n = in.read(b);
            return n > 0 && new String(b, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
