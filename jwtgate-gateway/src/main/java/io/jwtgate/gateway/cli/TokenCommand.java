package io.jwtgate.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtgate.jwt.config.GoDuration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jwtgate token}: mints a token for local development and prints it alone on standard output. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Mint a signed JWT for local development and tests (never for production identities).",
                "Prints only the token, so it composes: curl -H \"Authorization: Bearer $(jwtgate token ...)\" ..."},
        footer = {"", "Examples:",
                "  jwtgate token --secret mysuperlongsecret --sub alice --claim grp=admin",
                "  jwtgate token --secret-file /run/secrets/jwt --ttl 15m --claim 'groups=[\"a\",\"b\"]'",
                "  jwtgate token --alg RS256 --key private-pkcs8.pem --kid key-1 --iss https://idp.example --aud api",
                "  jwtgate token --secret s --ttl 0 --claim exp=1    # an already expired token"})
public final class TokenCommand implements Callable<Integer> {

    private static final Set<String> ALGORITHMS = Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
            "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--alg", defaultValue = "HS256", description = "Algorithm: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = Algorithms.class)
    String alg;

    @Option(names = "--secret", description = "HMAC secret (HS*), as text.")
    String secret;

    @Option(names = "--secret-file", description = "File holding the HMAC secret (one trailing newline is ignored).")
    Path secretFile;

    @Option(names = "--secret-base64", description = "Decode the secret from standard base64 (like signingSecretBase64Encoded).")
    boolean secretBase64;

    @Option(names = "--key", paramLabel = "PEM", description = "Private key file, PKCS#8 PEM, for RS*/PS*/ES*/EdDSA.")
    Path keyFile;

    @Option(names = "--kid", description = "Key id written in the header.")
    String kid;

    @Option(names = "--sub", description = "Subject claim.")
    String sub;

    @Option(names = "--iss", description = "Issuer claim.")
    String iss;

    @Option(names = "--aud", description = "Audience claim (repeat for several).")
    List<String> aud = new ArrayList<>();

    @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime: sets iat and exp = now + ttl. 0 leaves exp out. Default: ${DEFAULT-VALUE}.")
    String ttl;

    @Option(names = "--claim", paramLabel = "NAME=VALUE",
            description = "Extra claim; VALUE is read as JSON when it parses (42, true, [\"a\"], {\"k\":1}), else as a string. Repeatable.")
    List<String> claims = new ArrayList<>();

    static final class Algorithms extends ArrayList<String> {
        Algorithms() {
            super(ALGORITHMS.stream().sorted().toList());
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!ALGORITHMS.contains(alg)) {
            throw new ParameterException(spec.commandLine(), "unsupported --alg " + alg + "; use one of " + new Algorithms());
        }
        ObjectNode header = JSON.createObjectNode().put("alg", alg).put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        ObjectNode payload = JSON.createObjectNode();
        long now = System.currentTimeMillis() / 1000;
        Duration lifetime = GoDuration.parse(ttl);
        payload.put("iat", now);
        if (!lifetime.isZero()) {
            payload.put("exp", now + lifetime.toSeconds());
        }
        if (sub != null) {
            payload.put("sub", sub);
        }
        if (iss != null) {
            payload.put("iss", iss);
        }
        if (aud.size() == 1) {
            payload.put("aud", aud.get(0));
        } else if (!aud.isEmpty()) {
            aud.forEach(payload.putArray("aud")::add);
        }
        for (String c : claims) {
            int eq = c.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--claim must look like name=value, got '" + c + "'");
            }
            payload.set(c.substring(0, eq), jsonOrString(c.substring(eq + 1)));
        }
        byte[] key = null;
        java.security.PrivateKey privateKey = null;
        if (alg.startsWith("HS")) {
            String raw = secret != null ? secret : secretFile != null ? stripNewline(Files.readString(secretFile)) : null;
            if (raw == null) {
                throw new ParameterException(spec.commandLine(), alg + " needs --secret or --secret-file");
            }
            key = secretBase64 ? Base64.getDecoder().decode(raw.trim()) : raw.getBytes(StandardCharsets.UTF_8);
        } else {
            if (keyFile == null) {
                throw new ParameterException(spec.commandLine(), alg + " needs --key with a PKCS#8 PEM private key");
            }
            privateKey = TokenSigner.privateKey(Files.readString(keyFile), alg);
        }
        System.out.println(TokenSigner.sign(alg, key, privateKey, JSON.writeValueAsString(header), JSON.writeValueAsString(payload)));
        return 0;
    }

    private static JsonNode jsonOrString(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(value);
        }
    }

    private static String stripNewline(String s) {
        return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
