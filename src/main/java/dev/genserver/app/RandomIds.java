package dev.genserver.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ids for stacks, stores, sessions and jobs: 128 random bits from {@link SecureRandom} (or, for a keyed request's
 * job, of its identity's SHA-256: {@link #of}), base64url without padding (22 characters). Opaque, safe in a URL
 * path (the seed's plain Base64 would put {@code /} and {@code +} there), and unguessable, so an id works as the
 * capability to use what it names. Thread-safe.
 */
public final class RandomIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private RandomIds() {
    }

    /**
     * The id a request with an identity ({@link RequestIds}) draws, the same for every attempt of it: 128 bits of
     * the SHA-256 of {@code seed}, as unguessable as the {@code Idempotency-Key} in it. A retry through another
     * instance so finds what its first attempt created (a job) instead of creating another.
     */
    public static String of(String seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException impossible) { // every JDK has SHA-256
            throw new IllegalStateException(impossible);
        }
    }

    public static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return ENCODER.encodeToString(bits);
    }
}
