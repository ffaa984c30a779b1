package org.facefare.gate.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.Objects;

/**
 * The fare authority's TLS identity: a PKCS#12 key store holding its private key and certificate
 * chain, checked when it is read.
 *
 * @param keyStore the loaded key store
 * @param password its password (also the key's)
 * @param source the file it was read from, for messages
 */
public record ServerTls(KeyStore keyStore, char[] password, Path source) {

  /** Checks the fields. */
  public ServerTls {
    Objects.requireNonNull(keyStore, "keyStore");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(source, "source");
    password = password.clone();
  }

  /**
   * Reads a PKCS#12 key store (e.g. made with {@code keytool -genkeypair -storetype PKCS12}).
   *
   * @throws IOException if the file cannot be read, is not PKCS#12, the password is wrong, or it
   *     holds no private key with a certificate
   */
  public static ServerTls pkcs12(Path file, char[] password) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(password, "password");
    if (!Files.isRegularFile(file)) {
      throw new IOException("TLS key store " + file + " does not exist or is not a file");
    }
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException(
          "TLS key store "
              + file
              + " cannot be read as PKCS#12 with the given password: "
              + e.getMessage(),
          e);
    }
    try {
      boolean hasKey = false;
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias) && store.getCertificate(alias) != null) {
          hasKey = true;
        }
      }
      if (!hasKey) {
        throw new IOException("TLS key store " + file + " holds no private key with a certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS key store " + file + " cannot be listed", e);
    }
    return new ServerTls(store, password, file);
  }

  @Override
  public char[] password() {
    return password.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerTls t
        && keyStore.equals(t.keyStore)
        && Arrays.equals(password, t.password)
        && source.equals(t.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyStore, source);
  }

  @Override
  public String toString() {
    return "ServerTls[" + source + "]";
  }
}
