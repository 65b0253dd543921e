package dev.genserver.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A naive reverse proxy on another host name and port than the backend, as many are: it sends the backend's own
 * Host and adds no {@code X-Forwarded-*} headers. A page loaded through it must still send its requests to it,
 * the origin it was loaded from, not to the backend. Records every request it carries.
 */
final class NaiveProxy implements AutoCloseable {

    /** Headers the JDK's client sets itself, and hop-by-hop headers a proxy must not forward. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String backend;
    private final List<String> carried = new CopyOnWriteArrayList<>();

    NaiveProxy(String backend) throws IOException {
        this.backend = backend;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    /** The proxy's origin: 127.0.0.1 and its own port, where the backend is localhost on another. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** "GET /path?query" for each request carried, in order. */
    List<String> carried() {
        return List.copyOf(carried);
    }

    private void forward(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().toString();
        carried.add(exchange.getRequestMethod() + " " + target);
        try (exchange; InputStream body = exchange.getRequestBody()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(backend + target))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body.readAllBytes()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] content = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), content.length == 0 ? -1 : content.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(content);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
        } catch (IOException unreachable) {
            exchange.sendResponseHeaders(502, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
