package io.jwtgate.gateway.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/** A TLS client for TCP routers: connects with an SNI name, sends one line, reads one line (trusting any certificate). */
public final class TlsLineClient {

    /** The certificate subject the client saw, and the backend's answer line. */
    public record Answer(String peer, String line) {}

    private TlsLineClient() {}

    /** @param protocols the TLS versions offered, e.g. TLSv1.3, TLSv1.2 */
    public static Answer exchange(int port, String serverName, String line, String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {Http.TRUST_ALL}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            SSLParameters p = socket.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(serverName)));
            if (protocols.length > 0) {
                p.setProtocols(protocols);
            }
            socket.setSSLParameters(p);
            socket.startHandshake();
            String peer = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new Answer(peer, new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine());
        }
    }
}
