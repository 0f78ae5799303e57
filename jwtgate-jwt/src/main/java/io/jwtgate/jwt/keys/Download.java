package io.jwtgate.jwt.keys;

import io.jwtgate.jwt.FetchFailure;
import java.net.URI;
import java.net.http.HttpHeaders;

/** Outcome of one HTTP GET by {@link HttpDownloader} (retries included). */
sealed interface Download {

    record Ok(URI uri, byte[] body, HttpHeaders headers) implements Download {}

    record Failed(URI uri, FetchFailure cause, String message, boolean retryable) implements Download {
        FetchResult.Failed toResult() {
            return new FetchResult.Failed(uri, cause, message);
        }
    }
}
