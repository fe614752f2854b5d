package dev.gymcc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** REST with JSON bodies over java.net.http (HTTP/1.1, pooled keep-alive connections). */
final class RestTransport implements Transport {
  private final String base;
  private final HttpClient http;
  private final Json json;
  private final Duration timeout;
  private final String authorization;

  RestTransport(String base, HttpClient http, Json json, Duration timeout, String apiKey) {
    this.base = base;
    this.http = http;
    this.json = json;
    this.timeout = timeout;
    this.authorization = apiKey == null || apiKey.isEmpty() ? null : "Bearer " + apiKey;
  }

  /** Sends one request and decodes the JSON answer; an error status throws GymccException. */
  Object request(String method, String path, Object body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Accept", "application/json");
    if (authorization != null) request.header("Authorization", authorization);
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(json.encode(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new ConnectionException(method + " " + base + path + ": no answer within " + timeout, e, true);
    } catch (IOException e) {
      throw new ConnectionException(method + " " + base + path + ": " + e, e, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException(method + " " + base + path + ": interrupted", e, false);
    }
    byte[] data = response.body();
    int status = response.statusCode();
    Object decoded = null;
    if (data.length > 0) {
      try {
        decoded = json.decode(data);
      } catch (IllegalArgumentException notJson) {
        if (status < 400) {
          String text = new String(data, StandardCharsets.UTF_8);
          throw new GymccException(status, "invalid_reply", "not JSON: " + text.substring(0, Math.min(200, text.length())));
        }
      }
    }
    if (status >= 400) {
      String fallback = new String(data, StandardCharsets.UTF_8).trim();
      throw GymccException.fromBody(status, decoded, fallback.isEmpty() ? "HTTP " + status : fallback);
    }
    return decoded;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> object(String method, String path, Object body) {
    Object v = request(method, path, body);
    if (!(v instanceof Map<?, ?>)) {
      throw new GymccException(200, "invalid_reply", method + " " + path + ": not an object: " + v);
    }
    return (Map<String, Object>) v;
  }

  @Override
  public Map<String, Object> call(String op, Map<String, Object> fields, boolean vector) {
    String path = (vector ? "/v1/vector_envs/" : "/v1/envs/") + fields.get("instance_id") + "/";
    Map<String, Object> body = new LinkedHashMap<>(fields);
    body.remove("instance_id");
    switch (op) {
      case "make":
        return object("POST", "/v1/envs/", body);
      case "make_vec":
        return object("POST", "/v1/vector_envs/", body);
      case "reset":
        return object("POST", path + "reset/", body);
      case "step":
        return object("POST", path + "step/", body);
      case "close":
        return object("DELETE", path, null);
      case "get_state":
        return object("GET", statePath(path, body), null);
      case "set_state":
        return object("PUT", statePath(path, body), body);
      case "clone":
        return object("POST", path + "clone/", null);
      case "spaces": {
        List<String> names = vector
            ? List.of("action_space", "observation_space", "single_action_space", "single_observation_space")
            : List.of("action_space", "observation_space");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names) out.put(name, object("GET", path + name + "/", null));
        return out;
      }
      default:
        throw new IllegalArgumentException("gymcc: unknown op " + op);
    }
  }

  /** An instance's state/ route, or a vector env's envs/{index}/state/ when the body names an index (taken out of it). */
  private static String statePath(String path, Map<String, Object> body) {
    Object index = body.remove("index");
    return index == null ? path + "state/" : path + "envs/" + index + "/state/";
  }
}
