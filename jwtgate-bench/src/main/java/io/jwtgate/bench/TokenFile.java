package io.jwtgate.bench;

import io.jwtgate.jwt.token.JwsAlgorithm;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes keys and token files for the load benchmark: for HS256, RS256 and ES256, {@code <alg>.pub.pem}
 * (public key; none for HS256), {@code hs256.secret} (the HMAC secret, ASCII) and {@code <alg>.tokens}
 * ({@code count} distinct tokens, one per line, valid for two hours).
 * Run: {@code java -cp benchmarks.jar io.jwtgate.bench.TokenFile <dir> <count>}.
 */
public final class TokenFile {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("hs256.secret"), new String(BenchKeys.SECRET, StandardCharsets.US_ASCII));
        for (JwsAlgorithm alg : new JwsAlgorithm[] {JwsAlgorithm.HS256, JwsAlgorithm.RS256, JwsAlgorithm.ES256}) {
            BenchKeys keys = new BenchKeys(alg);
            String lower = alg.name().toLowerCase();
            if (keys.pair() != null) {
                Files.writeString(dir.resolve(lower + ".pub.pem"), keys.publicKeyPem());
            }
            long now = System.currentTimeMillis() / 1000;
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(lower + ".tokens"))) {
                for (int i = 0; i < count; i++) {
                    out.write(keys.sign("{\"iss\":\"https://idp.example.com/\",\"sub\":\"user-" + i + "\",\"aud\":\"api\",\"iat\":" + now
                            + ",\"exp\":" + (now + 7200) + ",\"scope\":\"read write\"}"));
                    out.write('\n');
                }
            }
        }
    }
}
