package dev.gymcc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `gymcc serve` ($GYMCC_BIN, else the dev build) on a free loopback port, for one test class. */
final class ServerProcess implements AutoCloseable {
  private final Process process;
  final String url;

  ServerProcess(String... extraArgs) throws Exception {
    String bin = System.getenv("GYMCC_BIN");
    Path path = bin != null && !bin.isEmpty() ? Path.of(bin) : Path.of("..", "..", "build", "dev", "bin", "gymcc");
    if (!Files.isExecutable(path)) throw new IllegalStateException("no gymcc binary at " + path + ": build it or set GYMCC_BIN");
    List<String> command = new ArrayList<>(List.of(path.toString(), "serve", "--host", "127.0.0.1", "--port", "0"));
    command.addAll(List.of(extraArgs));
    process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
      try {
        String line = out.readLine();
        // Keep draining stdout so that the server never blocks on it.
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // discard
            }
          } catch (java.io.IOException ignored) {
            // The server is gone.
          }
        });
        drain.setDaemon(true);
        drain.start();
        return line;
      } catch (java.io.IOException e) {
        return null;
      }
    });
    String line = first.get(10, TimeUnit.SECONDS);
    Matcher m = Pattern.compile("http://[\\d.]+:\\d+").matcher(line == null ? "" : line);
    if (!m.find()) {
      close();
      throw new IllegalStateException("gymcc serve printed no URL: " + line);
    }
    url = m.group();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
