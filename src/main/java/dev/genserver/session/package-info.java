/**
 * The session store: a named singleton holding sessions that expire after a TTL, cleaned up periodically, served at
 * {@code /api/sessions}. Implements the seed's section 4, "Timeouts and Monitoring" ({@code SessionStore}).
 */
package dev.genserver.session;
