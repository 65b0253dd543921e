package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.DefaultLocale;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The kinds' metrics tags are the same on every machine, whatever its default locale; and a reason of each kind is
 * the term it stands for, no other.
 */
class ExitReasonTest {

    /**
     * {@code {:shutdown, :shutdown}} is a tuple, not the atom {@code :shutdown}: supervisor.erl's {@code shutdown/1}
     * takes {@code shutdown} from any child it shuts down and {@code {shutdown, _}} only from one that is not
     * permanent, and a call's exit {@code {{shutdown, shutdown}, {gen_server, call, _}}} is no {@code {shutdown, _}}
     * (shutdown.exs's K, gen_server.exs's Q). Both are deliberate ends all the same.
     */
    @Test
    void theShutdownTupleOfShutdown_isNotTheBareShutdown() {
        ExitReason tuple = ExitReason.shutdown("shutdown");
        assertThat(tuple).isNotEqualTo(ExitReason.SHUTDOWN).isEqualTo(ExitReason.shutdown("shutdown"));
        assertThat(tuple.kind()).isEqualTo(ExitReason.Kind.SHUTDOWN);
        assertThat(tuple.isAbnormal()).isFalse();
        assertThat(tuple).hasToString("shutdown(shutdown)");
        assertThat(ExitReason.SHUTDOWN).hasToString("shutdown");
    }

    @Test
    void aReasonIsOneTerm_onlyAShutdownIsWrapped_andABareShutdownIsShutdown() {
        assertThatThrownBy(() -> new ExitReason(ExitReason.Kind.CRASH, "boom", null, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CRASH");
        assertThatThrownBy(() -> new ExitReason(ExitReason.Kind.SHUTDOWN, "bye", null, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{:shutdown, bye}");
    }

    @Test
    void tags_areTheKindsInLowerCase_evenWhereTheDefaultLocaleLowerCasesIDifferently() {
        assertThat(DefaultLocale.under(DefaultLocale.TURKISH,
                () -> Arrays.stream(ExitReason.Kind.values()).map(ExitReason.Kind::tag).toList()))
                .containsExactly("normal", "shutdown", "kill", "crash");
    }
}
