package org.facefare.gate.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for 127.0.0.1 and localhost made at test time (BouncyCastle), written
 * as a PKCS#12 key store for the authority and a PEM certificate for the gates.
 *
 * @param keyStore the authority's key store
 * @param certificate the certificate the gates trust
 * @param password the key store's password
 */
public record SelfSignedCertificate(Path keyStore, Path certificate, char[] password) {

  /** Makes one in {@code dir}, named {@code name}.p12 and {@code name}.pem. */
  public static SelfSignedCertificate create(Path dir, String name) throws IOException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      KeyPair pair = g.generateKeyPair();
      X500Name subject = new X500Name("CN=FaceFare test authority");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofMinutes(1))),
              Date.from(now.plus(Duration.ofDays(1))),
              subject,
              pair.getPublic());
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
      X509Certificate cert =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      char[] password = "test-password".toCharArray();
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("authority", pair.getPrivate(), password, new Certificate[] {cert});
      Path p12 = dir.resolve(name + ".p12");
      try (OutputStream out = Files.newOutputStream(p12)) {
        ks.store(out, password);
      }
      Path pem = dir.resolve(name + ".pem");
      Files.writeString(
          pem,
          "-----BEGIN CERTIFICATE-----\n"
              + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
              + "\n-----END CERTIFICATE-----\n");
      return new SelfSignedCertificate(p12, pem, password);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("could not make a test certificate", e);
    }
  }
}
