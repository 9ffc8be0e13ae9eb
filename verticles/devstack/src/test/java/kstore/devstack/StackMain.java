package kstore.devstack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;

import io.vertx.core.json.JsonObject;

/**
 * A JVM that runs a dev stack, for the kill -9 test (and by hand):
 * {@code java -cp <test classpath> kstore.devstack.StackMain [DATA_DIR]}. Prints one line
 * {@code READY {"owner":..,"dir":..,"pids":{..},"watchdog":..,"config":{..},"startMs":..}} and runs until stdin
 * ends or reads "stop"; then closes the stack and prints {@code CLOSED <ms>}.
 */
public final class StackMain {

    private StackMain() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        DevStack stack = DevStack.start(args.length > 0
            ? DevStack.Options.persistent(Paths.get(args[0]))
            : DevStack.Options.ephemeral());
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        JsonObject pids = new JsonObject();
        stack.pids().forEach(pids::put);
        System.out.println("READY " + new JsonObject()
            .put("owner", stack.owner())
            .put("dir", stack.dir().toString())
            .put("pids", pids)
            .put("watchdog", stack.watchdogPid())
            .put("config", stack.config())
            .put("startMs", startMs)
            .encode());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
            // wait
        }
        long c0 = System.nanoTime();
        stack.close();
        System.out.println("CLOSED " + (System.nanoTime() - c0) / 1_000_000);
    }
}
