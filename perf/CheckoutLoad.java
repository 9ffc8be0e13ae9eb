import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
 * Dependency-free checkout load generator (JDK 17 single-file launcher, java.net.http). Two modes:
 *
 * <pre>
 * java perf/CheckoutLoad.java load BASE_URL OUT_DIR BUYERS LEVELS SECONDS WARMUP_SECONDS
 *     registers BUYERS mobile buyers (bearer tokens), then for each concurrency level in LEVELS (e.g. 8,16,32) runs
 *     that many concurrent buyers for SECONDS, each looping quote + order (card, pm_card_visa) over the demo
 *     pre-orders; a buyer is used by one worker at a time and buys each game once; from its second order on a
 *     buyer spends some of its earned points. Writes OUT_DIR/orders.csv (every order answer) and prints per level
 *     orders/s and p50/p90/p99 of the order call and of quote + order.
 * java perf/CheckoutLoad.java sandbox SANDBOX_URL SECRET_KEY PAID_ORDERS_FILE
 *     PAID_ORDERS_FILE lines "orderId|provider_ref|total|currency": reads each PaymentIntent from the sandbox and
 *     checks it succeeded once for that order and amount. Prints PASS/FAIL lines.
 * </pre>
 */
public class CheckoutLoad {
  static final long[] GAMES = {9900001, 9900003, 9900005, 9900007, 9900008, 9900009, 9900011};
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

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
    for (Future<Buyer> f : made) {
      Buyer b = f.get();
      List<Long> g = new ArrayList<>();
      for (long id : GAMES) {
        g.add(id);
      }
      Collections.shuffle(g);
      b.games.addAll(g);
      queue.add(b);
    }
    reg.shutdown();
    System.out.printf("registered %d buyers in %.1f s (%d buyer-game pairs)%n", buyers,
        (System.nanoTime() - t0) / 1e9, buyers * GAMES.length);

    List<Sample> all = Collections.synchronizedList(new ArrayList<>());
    if (warmup > 0) {
      runLevel(base, queue, "warmup", 8, warmup, all);
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

  static Sample checkout(String base, Buyer b, String phase, int level) {
    long game = b.games.remove(0);
    long spend = b.orders > 0 ? Math.min(b.points, 20) : 0;
    String key = UUID.randomUUID().toString();
    long q0 = System.nanoTime();
    long quoteNs = 0;
    try {
      HttpResponse<String> q = post(base + "/api/v1/orders/quote", b.token, null,
          "{\"items\":[" + game + "],\"points\":" + spend + "}");
      quoteNs = System.nanoTime() - q0;
      if (q.statusCode() != 200) {
        return new Sample(phase, level, quoteNs, 0, -q.statusCode(), null, null, b.userId, key, 0, 0, spend, q.body());
      }
      String token = str(q.body(), "quoteToken");
      long o0 = System.nanoTime();
      HttpResponse<String> o = post(base + "/api/v1/orders", b.token, key,
          "{\"quoteToken\":\"" + token + "\",\"method\":\"card\",\"instrument\":\"pm_card_visa\"}");
      long orderNs = System.nanoTime() - o0;
      String st = str(o.body(), "status");
      long earned = num(o.body(), "pointsEarned");
      if (o.statusCode() == 201 && "paid".equals(st)) {
        b.points += earned - spend;
        b.orders++;
      }
      return new Sample(phase, level, quoteNs, orderNs, o.statusCode(), st, str(o.body(), "id"), b.userId, key,
          num(o.body(), "total"), earned, spend, o.statusCode() == 201 ? null : o.body());
    } catch (Exception e) {
      return new Sample(phase, level, quoteNs, System.nanoTime() - q0, 0, null, null, b.userId, key, 0, 0, spend,
          e.toString());
    }
  }

  static Buyer register(String base, String email) throws Exception {
    HttpResponse<String> r = post(base + "/api/v1/auth/register", null, null, "{\"email\":\"" + email
        + "\",\"password\":\"correct-horse-battery\",\"displayName\":\"Bench Buyer\",\"country\":\"US\",\"lang\":\"en\","
        + "\"client\":\"mobile\"}");
    if (r.statusCode() != 201) {
      throw new IllegalStateException("register " + email + ": " + r.statusCode() + " " + r.body());
    }
    Matcher m = Pattern.compile("\"user\":\\{\"id\":\"([^\"]+)\"").matcher(r.body());
    return new Buyer(str(r.body(), "accessToken"), m.find() ? m.group(1) : null);
  }

  static HttpResponse<String> post(String url, String bearer, String key, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String str(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  static long num(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?\\d+)").matcher(json);
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
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/payment_intents/" + f[1]))
            .header("Authorization", "Bearer " + secret).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        if (r.statusCode() != 200) {
          return "order " + f[0] + ": intent " + f[1] + " answered " + r.statusCode();
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
