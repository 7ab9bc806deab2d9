package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A toxic's attributes are listed in one order, Toxiproxy's, in every gateway process: the API's answers
 * and {@code tcpgate proxy inspect} read the same from one run to the next.
 */
class ToxicAttributeOrderTest {

  @Test
  void defaultsOfToxicsWithSeveralAttributesComeInToxiproxysOrder() {
    assertThat(List.copyOf(new LatencyToxic().attributeDefaults().fieldNames())).containsExactly("latency", "jitter");
    assertThat(List.copyOf(new SlicerToxic().attributeDefaults().fieldNames())).containsExactly("average_size", "size_variation", "delay");
    assertThat(List.copyOf(new PacketLossToxic().attributeDefaults().fieldNames())).containsExactly("loss_rate", "correlation");
  }
}
