package dev.wave.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.engine.Engines;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provider as the CLI finds and uses it: by name on the class path, with one-line errors for bad settings. */
final class TemporalEngineProviderTest {
    @Test
    void moduleOnTheClassPath_isFoundByName() {
        assertThat(Engines.names()).containsExactly("local", "temporal");
        assertThat(Engines.require("temporal", "--engine")).isInstanceOf(TemporalEngineProvider.class);
    }

    @Test
    void targetWithoutAPort_isRefusedInOneLine() {
        assertThatThrownBy(() -> new TemporalEngineProvider().engine(Map.of("target", "localhost")))
                .isInstanceOf(WaveException.class)
                .hasMessage("--temporal-target must be HOST:PORT, got \"localhost\". For a local server: --temporal-target "
                        + "127.0.0.1:7233.");
    }

    @Test
    @Timeout(30)
    void unreachableServer_isRefusedBeforeAnythingChanges() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String target = "127.0.0.1:" + port;

        assertThatThrownBy(() -> new TemporalEngineProvider().engine(Map.of("target", target)))
                .isInstanceOf(WaveException.class)
                .hasMessageStartingWith("cannot reach a Temporal server at " + target + " (")
                .hasMessageEndingWith("). Start one ('temporal server start-dev', see README.md) or fix --temporal-target.");
    }
}
