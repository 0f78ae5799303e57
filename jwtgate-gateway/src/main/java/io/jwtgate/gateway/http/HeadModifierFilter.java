package io.jwtgate.gateway.http;

import io.vertx.core.MultiMap;
import java.util.List;

/**
 * A {@link ResponseModifier} in the response stack: runs it when the head is committed. The
 * framing headers are the gateway's, so whatever the modifier does to them is undone.
 */
final class HeadModifierFilter extends ResponseFilter {

    private final ResponseModifier modifier;

    HeadModifierFilter(ResponseWriter next, ResponseModifier modifier) {
        super(next);
        this.modifier = modifier;
    }

    @Override
    protected void onHead() {
        MultiMap headers = headers();
        List<String> length = headers.getAll("Content-Length");
        List<String> encoding = headers.getAll("Transfer-Encoding");
        modifier.modify(statusCode(), headers);
        headers.remove("Content-Length").remove("Transfer-Encoding");
        length.forEach(v -> headers.add("Content-Length", v));
        encoding.forEach(v -> headers.add("Transfer-Encoding", v));
    }
}
