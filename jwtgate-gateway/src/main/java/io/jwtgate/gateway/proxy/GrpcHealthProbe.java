package io.jwtgate.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * {@code healthCheck.mode: grpc}: one unary call of the gRPC Health Checking Protocol v1
 * ({@code grpc.health.v1.Health/Check} with an empty {@code HealthCheckRequest}) over HTTP/2, healthy
 * when the answer's {@code status} is {@code SERVING}. Written out here (a 5-byte frame each way, one
 * varint field) rather than pulling grpc-java into the gateway for one call.
 */
final class GrpcHealthProbe {

    /** The length-prefixed empty message: not compressed, length 0. */
    private static final Buffer EMPTY_REQUEST = Buffer.buffer(new byte[] {0, 0, 0, 0, 0});
    private static final int SERVING = 1;

    private GrpcHealthProbe() {}

    /** Null when healthy, else why not, as Traefik words it. */
    static Future<String> check(HttpClient client, String host, int port, boolean tls, long timeoutMillis) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setSsl(tls)
                .setURI("/grpc.health.v1.Health/Check").setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis)
                .putHeader("content-type", "application/grpc").putHeader("te", "trailers");
        return client.request(options)
                .compose(req -> req.send(EMPTY_REQUEST))
                .compose(response -> response.body().map(body -> verdict(response, body)));
    }

    private static String verdict(HttpClientResponse response, Buffer body) {
        if (response.statusCode() != 200) {
            return "gRPC health check failed: HTTP status " + response.statusCode();
        }
        String grpcStatus = response.trailers().get("grpc-status");
        if (grpcStatus == null) {
            grpcStatus = response.getHeader("grpc-status"); // a trailers-only answer
        }
        if (grpcStatus != null && !grpcStatus.equals("0")) {
            return grpcStatus.equals("12") ? "gRPC server does not implement the health protocol"
                    : "gRPC health check failed: grpc-status " + grpcStatus;
        }
        int status = servingStatus(body);
        return status == SERVING ? null : "received gRPC status code: " + statusName(status);
    }

    /** Field 1 (varint) of the {@code HealthCheckResponse} in the first frame; 0 (UNKNOWN) when absent. */
    static int servingStatus(Buffer body) {
        if (body.length() < 5) {
            return 0;
        }
        int end = Math.min(body.length(), 5 + body.getInt(1));
        int i = 5;
        while (i < end) {
            int tag = body.getUnsignedByte(i++);
            int wireType = tag & 7;
            long value = 0;
            if (wireType == 0) {
                int shift = 0;
                int b;
                do {
                    b = body.getUnsignedByte(i++);
                    value |= (long) (b & 0x7f) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0 && i < end);
                if (tag >> 3 == 1) {
                    return (int) value;
                }
            } else if (wireType == 2) {
                int len = body.getUnsignedByte(i++); // other fields do not exist in v1; skip short ones
                i += len;
            } else {
                return 0;
            }
        }
        return 0;
    }

    private static String statusName(int status) {
        return switch (status) {
            case 0 -> "UNKNOWN";
            case 2 -> "NOT_SERVING";
            case 3 -> "SERVICE_UNKNOWN";
            default -> String.valueOf(status);
        };
    }
}
