package dev.gymcc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket session with a gymcc server (docs/fast-paths.md): one socket, MessagePack
 * binary messages (or JSON text ones, {@link Encoding#JSON}), replies in request order. Requests from any number of threads (or
 * {@link Env#stepAsync} calls) are in flight at once, without a round trip each. The Envs and
 * VectorEnvs a session makes share its socket, and the server closes them with it.
 */
public final class Session implements Transport, AutoCloseable {
  /** A session's messages: MessagePack (binary, arrays as the ndarray extension) or JSON text. */
  public enum Encoding {
    MESSAGEPACK,
    JSON
  }

  private final String url;
  private final Encoding encoding;
  private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();
  private final Json json;
  private final Duration timeout;
  private final WebSocket socket;
  private final Object lock = new Object();
  private final ArrayDeque<CompletableFuture<Map<String, Object>>> queue = new ArrayDeque<>();
  private final StringBuilder partial = new StringBuilder();
  private CompletableFuture<WebSocket> lastSend;
  private boolean closed;
  private RuntimeException lost;

  Session(String baseUrl, HttpClient http, Json json, Duration timeout, String apiKey, Encoding encoding) {
    this.url = webSocketUrl(baseUrl);
    this.encoding = encoding;
    this.json = json;
    this.timeout = timeout;
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout);
    if (apiKey != null && !apiKey.isEmpty()) builder.header("Authorization", "Bearer " + apiKey);
    try {
      socket = builder.buildAsync(URI.create(url), new Listener()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ConnectionException("open " + url + ": no answer within " + timeout, e, true);
    } catch (ExecutionException e) {
      throw new ConnectionException("open " + url + ": " + e.getCause(), e.getCause(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("open " + url + ": interrupted", e, false);
    }
    lastSend = CompletableFuture.completedFuture(socket);
  }

  /** The server's /v1/ws for a base URL (http(s):// or ws(s)://). */
  static String webSocketUrl(String baseUrl) {
    URI u = URI.create(baseUrl);
    String scheme = switch (String.valueOf(u.getScheme())) {
      case "http", "ws" -> "ws";
      case "https", "wss" -> "wss";
      default -> throw new IllegalArgumentException("gymcc: expected an http(s):// or ws(s):// URL, got " + baseUrl);
    };
    String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
    if (!path.endsWith("/v1/ws")) path += "/v1/ws";
    return scheme + "://" + u.getRawAuthority() + path;
  }

  /** The socket's URL. */
  public String url() {
    return url;
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        deliver(text, null);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      partialBinary.write(chunk, 0, chunk.length);
      if (last) {
        byte[] message = partialBinary.toByteArray();
        partialBinary.reset();
        deliver(null, message);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      lose(new ConnectionException(url + ": the server closed the session (" + statusCode + " " + reason + ")", null, false));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      lose(new ConnectionException(url + ": the connection ended: " + error, error, false));
    }
  }

  @SuppressWarnings("unchecked")
  private void deliver(String text, byte[] binary) {
    CompletableFuture<Map<String, Object>> pending;
    synchronized (lock) {
      pending = queue.poll();
    }
    if (pending == null) {
      lose(new ConnectionException(url + ": a reply to no request", null, false));
      return;
    }
    Object decoded;
    try {
      decoded = text != null ? json.decode(text) : MsgPack.decode(binary);
    } catch (IllegalArgumentException e) {
      pending.completeExceptionally(new ConnectionException(url + ": unreadable reply: " + e.getMessage(), e, false));
      return;
    }
    if (!(decoded instanceof Map<?, ?> reply)) {
      pending.completeExceptionally(new ConnectionException(url + ": a reply that is not a map: " + decoded, null, false));
    } else if (reply.get("error") != null) {
      pending.completeExceptionally(GymccException.fromBody(0, reply.get("error"), String.valueOf(reply.get("error"))));
    } else {
      pending.complete((Map<String, Object>) reply);
    }
  }

  /** Ends the session after a connection failure: every waiting call gets the error. */
  private void lose(RuntimeException error) {
    ArrayDeque<CompletableFuture<Map<String, Object>>> waiting;
    synchronized (lock) {
      if (!closed) {
        closed = true;
        lost = error;
      }
      waiting = new ArrayDeque<>(queue);
      queue.clear();
    }
    for (CompletableFuture<Map<String, Object>> p : waiting) p.completeExceptionally(error);
    socket.abort();
  }

  @Override
  public CompletableFuture<Map<String, Object>> callAsync(String op, Map<String, Object> fields, boolean vector) {
    Map<String, Object> message = new LinkedHashMap<>(fields);
    message.put("op", op);
    // MessagePack unless a value has no form in it (an integer beyond 64 bits): JSON then.
    byte[] binary = encoding == Encoding.MESSAGEPACK ? MsgPack.encode(message) : null;
    String text = binary == null ? new String(json.encode(message), StandardCharsets.UTF_8) : null;
    CompletableFuture<Map<String, Object>> pending = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        pending.completeExceptionally(lost != null ? lost : new ClosedException("the session " + url));
        return pending;
      }
      // A request's place in the queue is its place on the wire: enqueue and send together.
      queue.add(pending);
      lastSend = lastSend.thenCompose(ws -> binary != null ? ws.sendBinary(java.nio.ByteBuffer.wrap(binary), true) : ws.sendText(text, true));
      lastSend.whenComplete((ws, error) -> {
        if (error != null) lose(new ConnectionException(url + ": cannot send: " + error, error, false));
      });
    }
    return pending;
  }

  @Override
  public Map<String, Object> call(String op, Map<String, Object> fields, boolean vector) {
    return await(callAsync(op, fields, vector));
  }

  /** The answer of a call in flight, waiting at most the session's timeout. */
  <T> T await(CompletableFuture<T> pending) {
    try {
      return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ConnectionException(url + ": no reply within " + timeout, e, true);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new ConnectionException(url + ": " + e.getCause(), e.getCause(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException(url + ": interrupted", e, false);
    }
  }

  /** Creates an env on the session (see {@link GymccClient#make}). */
  public Env make(String envId) {
    return make(envId, MakeOptions.defaults());
  }

  public Env make(String envId, MakeOptions options) {
    return Env.make(this, envId, options);
  }

  /** Creates a vector env on the session (see {@link GymccClient#makeVec}). */
  public VectorEnv makeVec(String envId, int numEnvs) {
    return makeVec(envId, numEnvs, MakeVecOptions.defaults());
  }

  public VectorEnv makeVec(String envId, int numEnvs, MakeVecOptions options) {
    return VectorEnv.make(this, envId, numEnvs, options);
  }

  /** An env made from a snapshot on the session (see {@link GymccClient#makeFromState}). */
  public Env makeFromState(Map<String, ?> state) {
    return Env.fromState(this, state);
  }

  /** A vector env made from a snapshot on the session (see {@link GymccClient#makeVecFromState}). */
  public VectorEnv makeVecFromState(Map<String, ?> state) {
    return VectorEnv.fromState(this, state);
  }

  /**
   * Closes the socket: waiting calls fail with ClosedException, and the server closes the
   * session's instances. Closing twice is fine.
   */
  @Override
  public void close() {
    ArrayDeque<CompletableFuture<Map<String, Object>>> waiting;
    synchronized (lock) {
      if (closed) return;
      closed = true;
      waiting = new ArrayDeque<>(queue);
      queue.clear();
    }
    for (CompletableFuture<Map<String, Object>> p : waiting) p.completeExceptionally(new ClosedException("the session " + url));
    try {
      lastSend.thenCompose(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "")).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      socket.abort();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      socket.abort();
    }
  }
}
