package dev.gymcc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A gymcc server at a base URL ({@code http://127.0.0.1:5000}, or {@code https://} for
 * {@code gymcc serve --tls-cert}). It makes envs over REST ({@link #make}, {@link #makeVec}) and
 * opens WebSocket sessions ({@link #session()}). Connections are kept alive and pooled; every
 * call has a timeout (30 s by default). A client holds no global state and is safe to share
 * between threads.
 *
 * <pre>{@code
 * GymccClient client = GymccClient.create("http://127.0.0.1:5000");
 * try (Env env = client.make("CartPole-v1")) {
 *   ResetResult first = env.reset(42);
 *   StepResult step = env.step(1);
 * }
 * }</pre>
 */
public final class GymccClient {
  /** The timeout of a call unless the builder sets one. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;
  private final Json json = new Json();
  private final RestTransport rest;

  private GymccClient(Builder b) {
    URI u = URI.create(b.baseUrl);
    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getRawAuthority() == null) {
      throw new IllegalArgumentException("gymcc: the base URL must be like http://127.0.0.1:5000, got " + b.baseUrl);
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
    baseUrl = u.getScheme() + "://" + u.getRawAuthority() + path;
    apiKey = b.apiKey != null ? b.apiKey : System.getenv("GYMCC_API_KEY");
    timeout = b.timeout;
    HttpClient.Builder http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (b.sslContext != null) http.sslContext(b.sslContext);
    this.http = http.build();
    rest = new RestTransport(baseUrl, this.http, json, timeout, apiKey);
  }

  /** A client with the defaults ($GYMCC_API_KEY if set, 30 s timeouts, the system's CAs). */
  public static GymccClient create(String baseUrl) {
    return builder(baseUrl).build();
  }

  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  /** A client's settings. */
  public static final class Builder {
    private final String baseUrl;
    private String apiKey;
    private Duration timeout = DEFAULT_TIMEOUT;
    private SSLContext sslContext;

    private Builder(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    /** Sent as {@code Authorization: Bearer <key>} ({@code gymcc serve --api-keys}); default $GYMCC_API_KEY. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** How long to wait to connect and for each answer. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The TLS context for https:// and wss:// (default: the system's trusted CAs). */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = sslContext;
      return this;
    }

    /** Trusts the CA or self-signed certificate(s) in a PEM file, e.g. the server's --tls-cert. */
    public Builder trustCertificate(Path pem) {
      try (InputStream in = Files.newInputStream(pem)) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("gymcc-" + i++, c);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        this.sslContext = context;
        return this;
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("gymcc: cannot trust the certificate in " + pem + ": " + e, e);
      }
    }

    public GymccClient build() {
      return new GymccClient(this);
    }
  }

  /** The server's base URL. */
  public String baseUrl() {
    return baseUrl;
  }

  /** gymnasium.make(envId) on the server. */
  public Env make(String envId) {
    return make(envId, MakeOptions.defaults());
  }

  /** gymnasium.make(envId, **kwargs, render_mode=, max_episode_steps=) on the server. */
  public Env make(String envId, MakeOptions options) {
    return Env.make(rest, envId, options);
  }

  /** gymnasium.make_vec(envId, numEnvs) (NextStep autoreset). */
  public VectorEnv makeVec(String envId, int numEnvs) {
    return makeVec(envId, numEnvs, MakeVecOptions.defaults());
  }

  public VectorEnv makeVec(String envId, int numEnvs, MakeVecOptions options) {
    return VectorEnv.make(rest, envId, numEnvs, options);
  }

  /**
   * An env made from a snapshot ({@link Env#getState}, or {@link VectorEnv#getState(int)} of a
   * sub-env), taken on this server or another of the same version: the same actions give the
   * same results as the env it was taken from. A refused state is an {@link InvalidStateException}.
   */
  public Env makeFromState(Map<String, ?> state) {
    return Env.fromState(rest, state);
  }

  /** A vector env made from a snapshot ({@link VectorEnv#getState()}). */
  public VectorEnv makeVecFromState(Map<String, ?> state) {
    return VectorEnv.fromState(rest, state);
  }

  /** Opens a WebSocket session: pipelined steps on one socket, MessagePack messages. Close it when done. */
  public Session session() {
    return session(Session.Encoding.MESSAGEPACK);
  }

  /** Opens a WebSocket session speaking {@code encoding}. Close it when done. */
  public Session session(Session.Encoding encoding) {
    return new Session(baseUrl, http, json, timeout, apiKey, encoding);
  }

  /** The live instances: instance id → env id (yours only, on a server with keys). */
  public Map<String, String> listEnvs() {
    Map<String, String> out = new LinkedHashMap<>();
    rest.object("GET", "/v1/envs/", null).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  /** The registered environments' specs, as the server describes them. */
  public List<?> specs() {
    Object v = rest.request("GET", "/v1/specs/", null);
    return v instanceof List<?> list ? list : List.of();
  }
}
