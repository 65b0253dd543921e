package dev.genserver.server;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Boot's and Tomcat's settings that would start the service half working without a word, refused as the API's
 * web server is made, before either port opens ({@link SettingsConflict}): a port outside 0–65535, which Boot takes
 * for "no port" when negative (the API serving nothing while its health says UP; or health, Prometheus and the
 * observer gone) and which failed, past 65535, with a stack trace naming no setting; and a connection cap below 1,
 * Tomcat's "no cap", under which connections holding half-sent requests can fill the heap (README, "Memory").
 */
@Component
class ServerSettingsCheck implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final String MAX_CONNECTIONS = "server.tomcat.max-connections";
    private static final int HIGHEST_PORT = 65_535;

    private final Binder settings;

    ServerSettingsCheck(Environment environment) {
        this.settings = Binder.get(environment);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        check(settings);
    }

    /** Refuses the first setting out of its range. */
    static void check(Binder settings) {
        settings.bind("server.port", Integer.class).ifBound(port -> requirePort("server.port", port,
                "the API would not be served while its health says UP", ""));
        settings.bind("management.server.port", Integer.class).ifBound(port -> requirePort("management.server.port",
                port, "health, Prometheus and the observer would not be served", " To keep them off the network, "
                        + "bind them to one address instead (management.server.address=127.0.0.1)."));
        settings.bind(MAX_CONNECTIONS, Integer.class).ifBound(connections -> {
            if (connections < 1) {
                throw new SettingsConflict(MAX_CONNECTIONS + "=" + connections + " takes off Tomcat's cap on open "
                        + "connections, under which connections holding half-sent requests can fill the heap",
                        "Set " + MAX_CONNECTIONS + " to 1 or more (1024 by default; README, \"Memory\").");
            }
        });
    }

    private static void requirePort(String setting, int port, String whatNegativeDoes, String otherwise) {
        if (port < 0 || port > HIGHEST_PORT) {
            throw new SettingsConflict(setting + "=" + port + " is not a port" + (port < 0 ? ", and Boot takes it "
                    + "for none: " + whatNegativeDoes : ""), "Set " + setting + " to a port from 1 to " + HIGHEST_PORT
                    + ", or 0 for a free one." + (port < 0 ? otherwise : ""));
        }
    }
}
