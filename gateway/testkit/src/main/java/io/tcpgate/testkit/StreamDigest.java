package io.tcpgate.testkit;

/**
 * The identity of a byte stream: how many bytes it had and their SHA-256, so two streams of any
 * size compare with {@code equals}.
 *
 * @param count number of bytes in the stream
 * @param sha256Hex SHA-256 of those bytes as 64 lower-case hex digits
 */
public record StreamDigest(long count, String sha256Hex) {

  @Override
  public String toString() {
    return count + " bytes, sha256=" + sha256Hex;
  }
}
