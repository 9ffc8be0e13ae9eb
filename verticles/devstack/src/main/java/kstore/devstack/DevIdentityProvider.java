package kstore.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * "K Store Dev ID": a real OpenID Connect provider (mock-oauth2-server 6: discovery, authorize, token, userinfo,
 * JWKS) on 127.0.0.1 with interactive login, so "Sign in with K Store Dev ID" works in a browser without any
 * outside account. Its sign-in page asks for any user name (the {@code sub}) and optional claims JSON (e.g.
 * {@code {"email":"alice@example.com","name":"Alice"}}). One issuer, {@code http://127.0.0.1:PORT/dev}. It accepts
 * any client id and secret; its signing keys are new on every start (tokens do not survive a restart).
 * Its HTTP server runs on non-daemon threads: {@link #close()} must be called (the stack does, also from its
 * shutdown hook).
 */
final class DevIdentityProvider implements AutoCloseable {

    static final String ISSUER_ID = "dev";

    /** Held strongly: JUL forgets levels set on loggers nobody references. */
    private static final List<Logger> QUIET = List.of(
        Logger.getLogger("okhttp3.mockwebserver.MockWebServer"),
        Logger.getLogger("mockwebserver3.MockWebServer"));

    private final MockOAuth2Server server;
    private final int port;
    private boolean closed;

    private DevIdentityProvider(MockOAuth2Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on {@code port}; a port in use → {@link Server.PortTaken}. */
    static DevIdentityProvider start(int port) throws IOException {
        QUIET.forEach(l -> l.setLevel(Level.WARNING)); // one INFO line per request otherwise
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), port);
        } catch (Exception e) { // Kotlin: MockWebServer.start throws java.net.BindException undeclared
            try {
                server.shutdown();
            } catch (RuntimeException ignored) {
                // never started
            }
            throw Server.bindFailure(e, "dev OIDC provider: port " + port + " taken");
        }
        return new DevIdentityProvider(server, port);
    }

    int port() {
        return port;
    }

    /** The issuer as browsers and the store see it (the provider derives it from the request's Host header). */
    String issuer() {
        return "http://127.0.0.1:" + port + "/" + ISSUER_ID;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
    }

    @Override
    public String toString() {
        return "oidc :" + port;
    }
}
