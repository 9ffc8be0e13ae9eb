package kstore.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1. Ports are drawn at random BELOW the kernel's ephemeral range
 * ({@code net.ipv4.ip_local_port_range}, 32768.. here), so that no outgoing connection of another process can take
 * a port between the moment it is picked and the moment the server binds it; a port handed out once in this JVM
 * is not handed out again.
 */
final class Ports {

    private static final int LOW = 15000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    static int pick() {
        int high = ephemeralLow();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            int p = rnd.nextInt(LOW, high);
            if (!HANDED_OUT.contains(p) && isFree(p) && HANDED_OUT.add(p)) {
                return p;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HANDED_OUT.add(s.getLocalPort());
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    /** The recorded port if it can be bound now, else a fresh one. */
    static int reuseOrPick(int recorded) {
        if (recorded > 0 && recorded < 65536 && isFree(recorded)) {
            HANDED_OUT.add(recorded);
            return recorded;
        }
        return pick();
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the servers do: a port in TIME_WAIT is usable
            s.bind(new InetSocketAddress("127.0.0.1", port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeralLow() {
        try {
            String[] r = Files.readString(Paths.get("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            int low = Integer.parseInt(r[0]);
            return low > LOW + 1000 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
