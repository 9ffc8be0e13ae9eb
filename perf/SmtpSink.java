import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server that accepts every mail and keeps only a count: the benchmark's stand-in for a production mail
 * relay, which never runs inside a store node. (The dev run's mail catcher, GreenMail, parses and stores each mail
 * in the store's own JVM, which under checkout load cost ~12% of the node's CPU.) It speaks enough RFC 5321 for the
 * store's SMTP client: EHLO/HELO (PIPELINING offered, as production relays do), MAIL, RCPT, DATA (dot-stuffed,
 * ends at a lone "."), RSET, NOOP, QUIT.
 *
 * <p>Usage: {@code java perf/SmtpSink.java <port> <count-file>}: listens on 127.0.0.1, and rewrites the count file
 * (mails accepted, recipients) after every mail. Runs until killed.
 */
public final class SmtpSink {
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    Path countFile = Path.of(args[1]);
    AtomicLong mails = new AtomicLong();
    AtomicLong recipients = new AtomicLong();
    ExecutorService connections = Executors.newCachedThreadPool();
    try (ServerSocket server = new ServerSocket(port, 200, InetAddress.getLoopbackAddress())) {
      Files.writeString(countFile, "0 0\n");
      System.out.println("SMTP sink on 127.0.0.1:" + server.getLocalPort());
      while (true) {
        Socket socket = server.accept();
        connections.execute(() -> serve(socket, mails, recipients, countFile));
      }
    }
  }

  private static void serve(Socket socket, AtomicLong mails, AtomicLong recipients, Path countFile) {
    try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
        StandardCharsets.ISO_8859_1)); OutputStream out = socket.getOutputStream()) {
      reply(out, "220 sink ESMTP ready");
      long rcpts = 0;
      String line;
      while ((line = in.readLine()) != null) {
        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
        switch (verb) {
          case "EHLO" -> reply(out, "250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 10485760");
          case "HELO" -> reply(out, "250 sink");
          case "MAIL" -> {
            rcpts = 0;
            reply(out, "250 OK");
          }
          case "RCPT" -> {
            rcpts++;
            reply(out, "250 OK");
          }
          case "DATA" -> {
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            String data;
            while ((data = in.readLine()) != null && !data.equals(".")) {
              // discarded
            }
            long n = mails.incrementAndGet();
            long r = recipients.addAndGet(rcpts);
            synchronized (SmtpSink.class) {
              Files.writeString(countFile, n + " " + r + "\n");
            }
            reply(out, "250 OK: queued as " + n);
          }
          case "RSET", "NOOP" -> reply(out, "250 OK");
          case "QUIT" -> {
            reply(out, "221 Bye");
            return;
          }
          default -> reply(out, "502 Command not implemented");
        }
      }
    } catch (IOException e) {
      // the client went away: nothing to keep
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
