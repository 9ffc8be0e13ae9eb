import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dependency-free checkout load generator (JDK 17 single-file launcher). Two modes:
 *
 * <pre>
 * java perf/CheckoutLoad.java load BASE_URL OUT_DIR BUYERS LEVELS SECONDS WARMUP_SECONDS
 *     registers BUYERS mobile buyers (bearer tokens), then for each concurrency level in LEVELS (e.g. 8,16,32) runs
 *     that many concurrent buyers for SECONDS, each looping quote + order (card, pm_card_visa) over the demo
 *     pre-orders and GAMES (env, default 40) priced released games of the catalog that a US buyer may buy; a buyer
 *     is used by one worker at a time and buys each game once; from its second order on a buyer spends some of its
 *     earned points. Writes OUT_DIR/orders.csv (every order answer) and prints per level orders/s and p50/p90/p99
 *     of the order call and of quote + order.
 * java perf/CheckoutLoad.java sandbox SANDBOX_URL SECRET_KEY PAID_ORDERS_FILE
 *     PAID_ORDERS_FILE lines "orderId|provider_ref|total|currency": reads each PaymentIntent from the sandbox and
 *     checks it succeeded once for that order and amount. Prints PASS/FAIL lines.
 * </pre>
 * HTTP/1.1 is spoken by a minimal blocking client ({@link Http}): one kept-alive connection per worker thread and
 * server. java.net.http cost ~3–4 ms of CPU per order on the benchmark's 2 cores, CPU taken from the store it
 * measures; this client costs a fraction of that.
 */
public class CheckoutLoad {
  /** The demo pre-orders (priced); the released games are picked from the catalog at start. */
  static final long[] PRE_ORDERS = {9900001, 9900003, 9900005, 9900007, 9900008, 9900009, 9900011};
  static final int RELEASED = Integer.parseInt(System.getenv().getOrDefault("GAMES", "40"));

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "load" -> load(args[1], Path.of(args[2]), Integer.parseInt(args[3]),
          Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray(), Integer.parseInt(args[5]),
          Integer.parseInt(args[6]));
      case "sandbox" -> sandbox(args[1], args[2], Path.of(args[3]));
      default -> throw new IllegalArgumentException("mode load|sandbox");
    }
  }

  // ---- load ----

  static final class Buyer {
    final String token;
    final String userId;
    final List<Long> games = new ArrayList<>();
    long points;
    int orders;

    Buyer(String token, String userId) {
      this.token = token;
      this.userId = userId;
    }
  }

  /** One order attempt: timings in ns, the HTTP answer of the order call (or -1 quote failed, 0 I/O error). */
  record Sample(String phase, int level, long quoteNs, long orderNs, int status, String orderState, String orderId,
                String userId, String key, long total, long earned, long spent, String error) {
  }

  static void load(String base, Path out, int buyers, int[] levels, int seconds, int warmup) throws Exception {
    Files.createDirectories(out);
    String run = Long.toString(System.currentTimeMillis(), 36);
    long t0 = System.nanoTime();
    ConcurrentLinkedQueue<Buyer> queue = new ConcurrentLinkedQueue<>();
    ExecutorService reg = Executors.newFixedThreadPool(4);
    List<Future<Buyer>> made = new ArrayList<>();
    for (int i = 0; i < buyers; i++) {
      int n = i;
      made.add(reg.submit(() -> register(base, "bench-" + run + "-" + n + "@example.com")));
    }
    List<Buyer> registered = new ArrayList<>();
    for (Future<Buyer> f : made) {
      registered.add(f.get());
    }
    reg.shutdown();
    List<Long> games = games(base, registered.get(0).token);
    for (Buyer b : registered) {
      List<Long> g = new ArrayList<>(games);
      Collections.shuffle(g);
      b.games.addAll(g);
      queue.add(b);
    }
    System.out.printf("registered %d buyers in %.1f s; %d games (%d pre-orders) = %d buyer-game pairs%n", buyers,
        (System.nanoTime() - t0) / 1e9, games.size(), PRE_ORDERS.length, buyers * games.size());

    List<Sample> all = Collections.synchronizedList(new ArrayList<>());
    if (warmup > 0) {
      runLevel(base, queue, "warmup", Arrays.stream(levels).max().orElse(8), warmup, all);   // the JIT settles at full load
    }
    List<String> summary = new ArrayList<>();
    summary.add("| concurrent buyers | orders | paid orders/s | order p50 | order p90 | order p99 | quote+order p50 "
        + "| quote+order p99 | other answers |");
    summary.add("|---|---|---|---|---|---|---|---|---|");
    for (int c : levels) {
      List<Sample> s = runLevel(base, queue, "load", c, seconds, all);
      summary.add(row(c, s, seconds));
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("orders.csv")))) {
      w.println("phase,level,quote_ms,order_ms,status,order_status,order_id,user_id,idempotency_key,total,earned,spent,error");
      for (Sample s : all) {
        w.printf("%s,%d,%.2f,%.2f,%d,%s,%s,%s,%s,%d,%d,%d,%s%n", s.phase, s.level, s.quoteNs / 1e6, s.orderNs / 1e6,
            s.status, s.orderState, s.orderId, s.userId, s.key, s.total, s.earned, s.spent,
            s.error == null ? "" : s.error.replace(',', ';').replace('\n', ' '));
      }
    }
    long paid = all.stream().filter(s -> s.status == 201 && "paid".equals(s.orderState)).count();
    Files.writeString(out.resolve("load-summary.md"), String.join("\n", summary) + "\n");
    Files.writeString(out.resolve("http-paid.txt"), paid + "\n");
    Files.write(out.resolve("cpu.txt"), CPU_LINES);
    summary.forEach(System.out::println);
    System.out.println("HTTP answers 201 paid over the whole run (warm-up included): " + paid + " of " + all.size());
  }

  static String row(int c, List<Sample> s, int seconds) {
    List<Sample> ok = s.stream().filter(x -> x.status == 201 && "paid".equals(x.orderState)).toList();
    long[] order = ok.stream().mapToLong(Sample::orderNs).sorted().toArray();
    long[] both = ok.stream().mapToLong(x -> x.quoteNs + x.orderNs).sorted().toArray();
    Map<String, Integer> other = new TreeMap<>();
    for (Sample x : s) {
      if (!(x.status == 201 && "paid".equals(x.orderState))) {
        other.merge(x.status + (x.orderState == null ? "" : "/" + x.orderState), 1, Integer::sum);
      }
    }
    return String.format("| %d | %d | %.1f | %s | %s | %s | %s | %s | %s |", c, s.size(), ok.size() / (double) seconds,
        ms(pct(order, 50)), ms(pct(order, 90)), ms(pct(order, 99)), ms(pct(both, 50)), ms(pct(both, 99)),
        other.isEmpty() ? "none" : other.toString());
  }

  static long pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  static String ms(long ns) {
    return String.format("%.1f ms", ns / 1e6);
  }

  /** C workers for {@code seconds}; only samples started within the window are counted (the tail is drained). */
  static List<Sample> runLevel(String base, ConcurrentLinkedQueue<Buyer> queue, String phase, int c, int seconds,
                               List<Sample> all) throws Exception {
    List<Sample> mine = Collections.synchronizedList(new ArrayList<>());
    Map<String, Long> cpu0 = cpu();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicInteger starved = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(c);
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < c; w++) {
      fs.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          Buyer b = queue.poll();
          if (b == null) {
            starved.incrementAndGet();
            return null;
          }
          Sample s = checkout(base, b, phase, c);
          mine.add(s);
          all.add(s);
          if (!b.games.isEmpty()) {
            queue.add(b);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    if (starved.get() > 0) {
      System.out.println("WARNING: " + starved.get() + " workers ran out of buyer-game pairs at level " + c
          + " (use more buyers)");
    }
    Map<String, Long> cpu1 = cpu();
    long paid = mine.stream().filter(x -> x.status == 201 && "paid".equals(x.orderState)).count();
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Long> e : cpu1.entrySet()) {
      long ticks = e.getValue() - cpu0.getOrDefault(e.getKey(), 0L);
      if (ticks > 0) {
        b.append(String.format(" %s %.1f s (%.1f ms/order);", e.getKey(), ticks / 100.0,
            paid == 0 ? 0 : ticks * 10.0 / paid));
      }
    }
    System.out.printf("%s c=%d: %d order attempts in %d s; CPU used:%s%n", phase, c, mine.size(), seconds, b);
    CPU_LINES.add(phase + " c=" + c + ":" + b);
    return new ArrayList<>(mine);
  }

  static final long STORE_PID = Long.parseLong(System.getenv().getOrDefault("STORE_PID", "-2"));
  static final long PG_PID = Long.parseLong(System.getenv().getOrDefault("PG_PID", "-2"));
  static final List<String> CPU_LINES = new ArrayList<>();

  /** CPU time (clock ticks of 10 ms) of the processes on this machine by kind, from /proc (live processes only). */
  static Map<String, Long> cpu() {
    Map<String, Long> m = new TreeMap<>();
    long self = ProcessHandle.current().pid();
    try (var dirs = Files.list(Path.of("/proc"))) {
      for (Path d : dirs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String stat = Files.readString(d.resolve("stat"));
          String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          String cmd = new String(Files.readAllBytes(d.resolve("cmdline"))).replace('\0', ' ');
          long pid = Long.parseLong(d.getFileName().toString());
          long ppid = Long.parseLong(f[1]);
          String kind = pid == self ? "load-generator"
              : pid == STORE_PID ? "store-jvm"
              : pid == PG_PID || ppid == PG_PID ? "postgres"
              : ppid == STORE_PID && comm.startsWith("redis") ? "redis"
              : ppid == STORE_PID && cmd.contains("kafka") ? "kafka" : "other";
          m.merge(kind, ticks, Long::sum);
        } catch (IOException | RuntimeException ignored) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }

  /**
   * The demo pre-orders and the first {@link #RELEASED} released, priced games of the catalog's default order that
   * a US buyer can be quoted (checked with one buyer's quote: available in the US, for sale, not free).
   */
  static List<Long> games(String base, String token) throws IOException {
    Set<Long> out = new LinkedHashSet<>();
    for (long id : PRE_ORDERS) {
      out.add(id);
    }
    int wanted = PRE_ORDERS.length + RELEASED;
    Pattern item = Pattern.compile("\\{\"id\":(\\d+),\"slug\"");
    for (int page = 1; out.size() < wanted && page <= 50; page++) {
      Http.Answer list = Http.call("GET", base + "/api/v1/games?country=US&page=" + page, null, null, null);
      if (list.status() != 200) {
        throw new IllegalStateException("games page " + page + ": " + list.status() + " " + list.body());
      }
      Matcher m = item.matcher(list.body());
      List<long[]> starts = new ArrayList<>();   // {game id, offset of its item}
      while (m.find()) {
        starts.add(new long[] {Long.parseLong(m.group(1)), m.start()});
      }
      for (int i = 0; i < starts.size() && out.size() < wanted; i++) {
        long id = starts.get(i)[0];
        String it = list.body().substring((int) starts.get(i)[1],
            i + 1 < starts.size() ? (int) starts.get(i + 1)[1] : list.body().length());
        if (!out.contains(id) && it.contains("\"status\":\"released\"") && it.contains("\"free\":false")
            && num(it, "amount") > 0 && Http.call("POST", base + "/api/v1/orders/quote", token, null,
                "{\"items\":[" + id + "],\"points\":0}").status() == 200) {
          out.add(id);
        }
      }
    }
    return new ArrayList<>(out);
  }

  static Sample checkout(String base, Buyer b, String phase, int level) {
    long game = b.games.remove(0);
    long spend = b.orders > 0 ? Math.min(b.points, 20) : 0;
    String key = UUID.randomUUID().toString();
    long q0 = System.nanoTime();
    long quoteNs = 0;
    try {
      Http.Answer q = Http.call("POST", base + "/api/v1/orders/quote", b.token, null,
          "{\"items\":[" + game + "],\"points\":" + spend + "}");
      quoteNs = System.nanoTime() - q0;
      if (q.status() != 200) {
        return new Sample(phase, level, quoteNs, 0, -q.status(), null, null, b.userId, key, 0, 0, spend, q.body());
      }
      String token = str(q.body(), "quoteToken");
      long o0 = System.nanoTime();
      Http.Answer o = Http.call("POST", base + "/api/v1/orders", b.token, key,
          "{\"quoteToken\":\"" + token + "\",\"method\":\"card\",\"instrument\":\"pm_card_visa\"}");
      long orderNs = System.nanoTime() - o0;
      String st = str(o.body(), "status");
      long earned = num(o.body(), "pointsEarned");
      if (o.status() == 201 && "paid".equals(st)) {
        b.points += earned - spend;
        b.orders++;
      }
      return new Sample(phase, level, quoteNs, orderNs, o.status(), st, str(o.body(), "id"), b.userId, key,
          num(o.body(), "total"), earned, spend, o.status() == 201 ? null : o.body());
    } catch (Exception e) {
      return new Sample(phase, level, quoteNs, System.nanoTime() - q0, 0, null, null, b.userId, key, 0, 0, spend,
          e.toString());
    }
  }

  static Buyer register(String base, String email) throws Exception {
    Http.Answer r = Http.call("POST", base + "/api/v1/auth/register", null, null, "{\"email\":\"" + email
        + "\",\"password\":\"correct-horse-battery\",\"displayName\":\"Bench Buyer\",\"country\":\"US\",\"lang\":\"en\","
        + "\"client\":\"mobile\"}");
    if (r.status() != 201) {
      throw new IllegalStateException("register " + email + ": " + r.status() + " " + r.body());
    }
    Matcher m = Pattern.compile("\"user\":\\{\"id\":\"([^\"]+)\"").matcher(r.body());
    return new Buyer(str(r.body(), "accessToken"), m.find() ? m.group(1) : null);
  }

  /**
   * A minimal HTTP/1.1 client: one kept-alive connection per thread and host:port, a request written in one go,
   * the answer read by Content-Length or chunked encoding. A broken connection is reopened for the next request;
   * the failed request itself is reported, never retried.
   */
  static final class Http {
    record Answer(int status, String body) {
    }

    private static final ThreadLocal<Map<String, Http>> CONNECTIONS = ThreadLocal.withInitial(HashMap::new);
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    private Http(String host, int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      socket.connect(new InetSocketAddress(host, port), 5_000);
      in = new BufferedInputStream(socket.getInputStream(), 16_384);
      out = socket.getOutputStream();
      this.host = host + ":" + port;
    }

    static Answer call(String method, String url, String bearer, String key, String body) throws IOException {
      URI uri = URI.create(url);
      String hostPort = uri.getHost() + ":" + uri.getPort();
      Map<String, Http> mine = CONNECTIONS.get();
      Http c = mine.get(hostPort);
      if (c == null) {
        c = new Http(uri.getHost(), uri.getPort());
        mine.put(hostPort, c);
      }
      try {
        return c.exchange(method, uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
            bearer, key, body);
      } catch (IOException | RuntimeException e) {
        mine.remove(hostPort);
        c.socket.close();
        throw e;
      }
    }

    private Answer exchange(String method, String target, String bearer, String key, String body) throws IOException {
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder h = new StringBuilder(256).append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ")
          .append(host).append("\r\nAccept: application/json\r\n");
      if (body != null) {
        h.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
      }
      if (bearer != null) {
        h.append("Authorization: Bearer ").append(bearer).append("\r\n");
      }
      if (key != null) {
        h.append("Idempotency-Key: ").append(key).append("\r\n");
      }
      byte[] head = h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] request = Arrays.copyOf(head, head.length + payload.length);
      System.arraycopy(payload, 0, request, head.length, payload.length);
      out.write(request);
      out.flush();

      String statusLine = line();
      if (!statusLine.startsWith("HTTP/1.")) {
        throw new IOException("not an HTTP answer: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean close = statusLine.startsWith("HTTP/1.0");
      for (String l = line(); !l.isEmpty(); l = line()) {
        int colon = l.indexOf(':');
        String name = l.substring(0, colon).trim();
        String value = l.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
          chunked = true;
        } else if (name.equalsIgnoreCase("Connection")) {
          close = value.equalsIgnoreCase("close");
        }
      }
      ByteArrayOutputStream content = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
      if (chunked) {
        for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
             size = Long.parseLong(line().split(";")[0].trim(), 16)) {
          content.write(in.readNBytes((int) size));
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length >= 0) {
        byte[] b = in.readNBytes((int) length);
        if (b.length < length) {
          throw new IOException("connection closed in the body");
        }
        content.write(b);
      } else if (status != 204 && status != 304) {
        content.write(in.readAllBytes());
        close = true;
      }
      if (close) {
        CONNECTIONS.get().remove(host);
        socket.close();
      }
      return new Answer(status, content.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      StringBuilder b = new StringBuilder(64);
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }
  }

  private static final Map<String, Pattern> STRINGS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final Map<String, Pattern> NUMBERS = new java.util.concurrent.ConcurrentHashMap<>();

  static String str(String json, String field) {
    Matcher m = STRINGS.computeIfAbsent(field, f -> Pattern.compile("\"" + f + "\"\\s*:\\s*\"([^\"]*)\"")).matcher(json);
    return m.find() ? m.group(1) : null;
  }

  static long num(String json, String field) {
    Matcher m = NUMBERS.computeIfAbsent(field, f -> Pattern.compile("\"" + f + "\"\\s*:\\s*(-?\\d+)")).matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  // ---- sandbox check ----

  static void sandbox(String url, String secret, Path paid) throws Exception {
    List<String> lines = Files.readAllLines(paid).stream().filter(l -> !l.isBlank()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<String>> fs = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split("\\|");
      fs.add(pool.submit(() -> {
        Http.Answer r = Http.call("GET", url + "/v1/payment_intents/" + f[1], secret, null, null);
        String body = r.body();
        if (r.status() != 200) {
          return "order " + f[0] + ": intent " + f[1] + " answered " + r.status();
        }
        if (!"succeeded".equals(str(body, "status"))) {
          return "order " + f[0] + ": intent status " + str(body, "status");
        }
        if (!f[0].equals(str(body, "orderId"))) {
          return "order " + f[0] + ": intent belongs to order " + str(body, "orderId");
        }
        if (num(body, "amount_received") != Long.parseLong(f[2]) || num(body, "amount") != Long.parseLong(f[2])) {
          return "order " + f[0] + ": charged " + num(body, "amount_received") + " of " + num(body, "amount")
              + ", order total " + f[2];
        }
        return null;
      }));
    }
    List<String> bad = new ArrayList<>();
    for (Future<String> f : fs) {
      String e = f.get();
      if (e != null) {
        bad.add(e);
      }
    }
    pool.shutdown();
    System.out.println((bad.isEmpty() ? "PASS" : "FAIL") + " sandbox: each of " + lines.size()
        + " paid orders' PaymentIntent succeeded once, for that order and its total (" + bad.size() + " bad)");
    bad.stream().limit(10).forEach(e -> System.out.println("  " + e));
  }
}
