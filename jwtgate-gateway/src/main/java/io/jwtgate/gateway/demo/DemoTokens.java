package io.jwtgate.gateway.demo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 tokens for the quick start, so a newcomer can try a valid, an expired and a forbidden
 * token without any other tool. Development only: the secret comes from the demo configuration.
 */
public final class DemoTokens {

    private DemoTokens() {}

    public static String valid(String secret) {
        long now = now();
        return sign(secret, "{\"sub\":\"demo-user\",\"grp\":\"admin\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
    }

    public static String expired(String secret) {
        long now = now();
        return sign(secret, "{\"sub\":\"demo-user\",\"grp\":\"admin\",\"iat\":" + (now - 7200) + ",\"exp\":" + (now - 3600) + "}");
    }

    public static String forbidden(String secret) {
        long now = now();
        return sign(secret, "{\"sub\":\"demo-dev\",\"grp\":\"dev\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}");
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static String sign(String secret, String payload) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the demo token", e);
        }
    }
}
