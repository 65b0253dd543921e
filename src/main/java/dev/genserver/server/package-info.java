/**
 * The servers the service listens with: Tomcat's HTTP/1.1 connector with the HTTP/0.9 fix, on the API port and on
 * the management port, and the management port's own copy of the API port's protections.
 */
package dev.genserver.server;
