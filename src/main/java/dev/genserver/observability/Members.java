package dev.genserver.observability;

import java.util.List;

/**
 * The instances the observer shows on its members view. Without cluster mode there is one, this instance
 * ({@link SingleInstance}, the default); cluster mode supplies its own bean of this type and the observer shows
 * each member it reports, with no change to the page.
 *
 * <p>Implementations must be thread-safe and answer quickly: the page asks once a second.
 */
public interface Members {

    /** The members as known now, this instance among them; never empty. */
    List<Member> members();

    /** This instance's {@link Member#name}, without the rest of {@link #members()}'s figures. */
    default String self() {
        return members().stream().filter(Member::local).map(Member::name).findFirst().orElseThrow();
    }

    /**
     * One member.
     *
     * @param name      how the member is known (application name and host)
     * @param local     whether it is this instance
     * @param status    {@code up}, or what the cluster knows otherwise ({@code down}, {@code leaving}, …)
     * @param processes processes alive on it
     * @param services  the services with processes on it, sorted
     */
    record Member(String name, boolean local, String status, int processes, List<String> services) {
        public Member {
            services = List.copyOf(services);
        }
    }
}
