package io.jwtgate.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Digest client for the tests, written from RFC 2617 (not from the gateway's code): it asks for a
 * challenge, then computes {@code response = MD5(HA1:nonce:nc:cnonce:qop:MD5(method:uri))}
 * with the JDK's MD5, as Traefik's digest_auth_request_test.go does.
 */
public final class DigestClient {

    private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** The parameters of a challenge ({@code WWW-Authenticate: Digest k="v", ...}). */
    public static Map<String, String> challengeParams(HttpResponse<?> challenge) {
        String header = challenge.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(header).startsWith("Digest ");
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(header);
        while (m.find()) {
            params.put(m.group(1), m.group(2));
        }
        return params;
    }

    /** A fresh challenge for {@code url} (a request without credentials, which must be refused). */
    public static Map<String, String> challenge(URI url) throws Exception {
        HttpResponse<String> r = Http.get(url);
        assertThat(r.statusCode()).isEqualTo(401);
        return challengeParams(r);
    }

    public static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 2617 section 3.2.2.1, qop=auth. */
    public static String response(String ha1, String method, String uri, String nonce, String nc, String cnonce, String qop) {
        return md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + md5(method + ":" + uri));
    }

    /** The Authorization header answering {@code challenge} for {@code user:password} (HA1 from the challenge's realm). */
    public static String authorization(Map<String, String> challenge, String user, String password, String method, String uri, int nc) {
        return authorizationWithHa1(challenge, user, md5(user + ":" + challenge.get("realm") + ":" + password), method, uri, nc);
    }

    public static String authorizationWithHa1(Map<String, String> challenge, String user, String ha1, String method, String uri, int nc) {
        String count = String.format("%08x", nc);
        String cnonce = "0a4f113b";
        return "Digest username=\"" + user + "\", realm=\"" + challenge.get("realm") + "\", nonce=\"" + challenge.get("nonce")
                + "\", uri=\"" + uri + "\", algorithm=MD5, qop=auth, nc=" + count + ", cnonce=\"" + cnonce + "\", response=\""
                + response(ha1, method, uri, challenge.get("nonce"), count, cnonce, "auth") + "\", opaque=\"" + challenge.get("opaque") + "\"";
    }

    /** Challenge, then the same request with credentials; the second response. */
    public static HttpResponse<String> get(URI url, String user, String password, String... headers) throws Exception {
        Map<String, String> challenge = challenge(url);
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = authorization(challenge, user, password, "GET", url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()), 1);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.get(url, all);
    }

    private DigestClient() {}
}
