package dev.rolesanywhere.cli.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

class IpTtlTest {

    @Test
    void set_changesTheUnicastTtl_asReadBackFromTheKernel() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int before = IpTtl.get(listener);
            int wanted = before == 7 ? 9 : 7;

            IpTtl.set(listener, wanted);

            assertThat(IpTtl.get(listener)).isEqualTo(wanted);
            // Connections accepted afterwards start from the listener's value.
            try (SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                    SocketChannel accepted = listener.accept()) {
                assertThat(IpTtl.get(accepted)).isEqualTo(wanted);
                assertThat(IpTtl.get(client)).isEqualTo(before);
            }
        }
    }

    @Test
    void set_refusesValuesOutsideOneTo255() throws Exception {
        try (SocketChannel channel = SocketChannel.open()) {
            assertThatThrownBy(() -> IpTtl.set(channel, 0)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("1..255");
            assertThatThrownBy(() -> IpTtl.set(channel, 256)).isInstanceOf(ConfigurationException.class);
        }
    }
}
