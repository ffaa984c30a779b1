package org.facefare.gate.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which authority certificates a gate trusts: the certificates (a CA's or the authority's own,
 * self-signed) in a PEM or DER file, and nothing else.
 *
 * <p>The gate pins its trust to what the operator configured instead of the JDK's public CAs: a
 * gate talks to one fare authority, whose certificate the operator issues. Host names are still
 * checked by the JDK HTTP client against the certificate's subject alternative names.
 */
public final class GateTrust {

  private GateTrust() {}

  /**
   * A TLS context trusting exactly the X.509 certificates in {@code certificates}.
   *
   * @throws IOException if the file cannot be read or holds no X.509 certificate
   */
  public static SSLContext trusting(Path certificates) throws IOException {
    Objects.requireNonNull(certificates, "certificates");
    if (!Files.isRegularFile(certificates)) {
      throw new IOException(
          "trusted certificate file " + certificates + " does not exist or is not a file");
    }
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(certificates)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "trusted certificate file "
              + certificates
              + " is not PEM or DER X.509: "
              + e.getMessage(),
          e);
    }
    if (certs.isEmpty()) {
      throw new IOException("trusted certificate file " + certificates + " holds no certificate");
    }
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        trust.setCertificateEntry("authority-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot build a TLS context", e);
    }
  }
}
