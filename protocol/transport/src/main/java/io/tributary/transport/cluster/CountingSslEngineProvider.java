package io.tributary.transport.cluster;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pekko's TLS engine provider as configured ({@code pekko.remote.artery.ssl.config-ssl-engine}), with the one thing
 * it lacks: a node refused for its certificate is counted and logged on this side too (Pekko logs a failed handshake
 * only on the refused node). Every trust manager is wrapped; a certificate chain it rejects, from a peer connecting
 * here or from a peer this node connects to, adds to {@link #refused()} and logs the subject, issuer and reason.
 */
public final class CountingSslEngineProvider extends ConfigSSLEngineProvider {

    private static final Logger LOG = LoggerFactory.getLogger(CountingSslEngineProvider.class);
    private static final AtomicLong REFUSED = new AtomicLong();

    public CountingSslEngineProvider(ActorSystem system) {
        super(system);
    }

    /** Certificate chains refused in this process so far. */
    public static long refused() {
        return REFUSED.get();
    }

    @Override
    public TrustManager[] trustManagers() {
        TrustManager[] managers = super.trustManagers().clone();
        for (int i = 0; i < managers.length; i++) {
            if (managers[i] instanceof X509ExtendedTrustManager x) managers[i] = new Counting(x);
        }
        return managers;
    }

    private static CertificateException refusedBy(X509Certificate[] chain, String who, CertificateException e) {
        REFUSED.incrementAndGet();
        String subject = chain == null || chain.length == 0 ? "(no certificate)" : chain[0].getSubjectX500Principal().getName();
        String issuer = chain == null || chain.length == 0 ? "-" : chain[0].getIssuerX500Principal().getName();
        LOG.warn("cluster: refused a {}'s certificate (subject {}, issuer {}): {}; refused so far: {}", who, subject, issuer,
                e.getMessage(), REFUSED.get());
        return e;
    }

    /** One of the trust manager's checks. */
    private interface Check {
        void run() throws CertificateException;
    }

    private static void counted(Check check, X509Certificate[] chain, String who) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            throw refusedBy(chain, who, e);
        }
    }

    private static final class Counting extends X509ExtendedTrustManager {

        private static final String CLIENT = "connecting node";
        private static final String SERVER = "node connected to";

        private final X509ExtendedTrustManager delegate;

        Counting(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            counted(() -> delegate.checkClientTrusted(chain, authType), chain, CLIENT);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            counted(() -> delegate.checkClientTrusted(chain, authType, socket), chain, CLIENT);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            counted(() -> delegate.checkClientTrusted(chain, authType, engine), chain, CLIENT);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            counted(() -> delegate.checkServerTrusted(chain, authType), chain, SERVER);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            counted(() -> delegate.checkServerTrusted(chain, authType, socket), chain, SERVER);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            counted(() -> delegate.checkServerTrusted(chain, authType, engine), chain, SERVER);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
