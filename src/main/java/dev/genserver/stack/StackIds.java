package dev.genserver.stack;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Stack ids: 128 random bits from {@link SecureRandom}, base64url without padding (22 characters). They are
 * opaque, safe in a URL path, and unguessable, so an id works as the capability to use its stack.
 */
final class StackIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private StackIds() {
    }

    static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return ENCODER.encodeToString(bits);
    }
}
