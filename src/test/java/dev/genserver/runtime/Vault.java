package dev.genserver.runtime;

import java.util.Map;

/** A test server whose state holds a secret that its formatStatus hides; a cast replaces the user. */
final class Vault implements GenServer<Vault.Credentials> {

    record Credentials(String user, String password) { }

    @Override
    public Init<Credentials> init() {
        return Init.ok(new Credentials("admin", "s3cret"));
    }

    @Override
    public Result<Credentials> handleCast(Object message, Credentials state) {
        return Result.noreply(new Credentials((String) message, state.password()));
    }

    @Override
    public Object formatStatus(Credentials state) {
        return Map.of("user", state.user(), "password", "***");
    }
}
