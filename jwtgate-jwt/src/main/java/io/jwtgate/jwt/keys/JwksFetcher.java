package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.FetchFailure;
import io.jwtgate.jwt.config.KeySetPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches one JWK Set over HTTP without blocking ({@link HttpDownloader}: timeout, retries, size cap),
 * then parses it and validates each key ({@link JwkSetParser}: bad keys dropped and reported, good ones
 * kept). Completes with a {@link FetchResult}, never exceptionally.
 */
public final class JwksFetcher {

    static final String ACCEPT = "application/jwk-set+json, application/json";

    private final HttpDownloader downloader;

    public JwksFetcher(HttpClient client, Duration timeout, int maxRetries, KeySetPolicy policy) {
        this.downloader = new HttpDownloader(client, timeout, maxRetries, policy);
    }

    HttpDownloader downloader() {
        return downloader;
    }

    /** A loader for a fixed URL. */
    public KeySetLoader loader(URI uri) {
        return now -> fetch(uri, now);
    }

    public CompletableFuture<FetchResult> fetch(URI uri, long nowMillis) {
        return downloader.get(uri, ACCEPT).thenApply(download -> switch (download) {
            case Download.Failed failed -> failed.toResult();
            case Download.Ok ok -> parse(ok, nowMillis, downloader.policy());
        });
    }

    static FetchResult parse(Download.Ok ok, long nowMillis, KeySetPolicy policy) {
        JwkSetParser.Parsed parsed;
        try {
            parsed = JwkSetParser.parse(new String(ok.body(), StandardCharsets.UTF_8), policy.maxKeys(), false);
        } catch (JwkSetParser.Unusable e) {
            return new FetchResult.Failed(ok.uri(), e.failure(), "invalid JWK Set: " + e.getMessage());
        } catch (RuntimeException e) {
            return new FetchResult.Failed(ok.uri(), FetchFailure.INVALID_JSON, "invalid JWK Set: " + e.getMessage());
        }
        if (parsed.keys().size() == 0) {
            return new FetchResult.Failed(ok.uri(), FetchFailure.NO_USABLE_KEYS,
                    "JWK Set has no usable signature key" + (parsed.dropped().isEmpty() ? "" : ": " + parsed.dropped()));
        }
        return new FetchResult.Fetched(ok.uri(), parsed.keys(), CacheHeaders.lifetime(ok.headers(), nowMillis), parsed.dropped());
    }
}
