package dev.genserver.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import org.springframework.http.HttpHeaders;

/**
 * The {@code Allow} of Tomcat's 405 for TRACE (off, and refused before any filter runs), which names the servlet's
 * methods where RFC 9110, 15.5.6 wants the resource's: the error page asks the path itself as OPTIONS, down the same
 * chain, keeping only the answer's status and {@code Allow}. A path nothing routes is 404.
 */
final class TraceRefusal {

    private TraceRefusal() {
    }

    /**
     * Whether the error page is answering Tomcat's refusal of a TRACE: the error dispatch is a GET (Servlet 6.1),
     * the refused method an attribute.
     */
    static boolean isTraceRefused(HttpServletRequest errorPage, int status) {
        return status == HttpServletResponse.SC_METHOD_NOT_ALLOWED
                && "TRACE".equals(errorPage.getAttribute(RequestDispatcher.ERROR_METHOD));
    }

    /**
     * The path's answer to OPTIONS: its status and {@code Allow} ({@link ProblemAdvice#allow}; null if none). A path
     * that meets its context only once Tomcat has normalized it ({@code //ctx/x}) is 404, which Spring would refuse
     * with an exception.
     */
    static Answer askedAsOptions(HttpServletRequest errorPage, HttpServletResponse response, String path,
            FilterChain chain) throws IOException, ServletException {
        String context = errorPage.getContextPath();
        if (!context.isEmpty() && !path.equals(context) && !path.startsWith(context + "/")) {
            return new Answer(HttpServletResponse.SC_NOT_FOUND, null);
        }
        HeldAnswer held = new HeldAnswer(response);
        chain.doFilter(RequestGuard.withoutPreflight(new OptionsAt(errorPage, path)), held);
        return new Answer(held.status, held.allow == null ? null : ProblemAdvice.allow(held.allow));
    }

    record Answer(int status, String allow) { }

    /** The refused request asked again as OPTIONS, as a request of its own rather than the error page. */
    private static final class OptionsAt extends HttpServletRequestWrapper {
        private final String uri;
        private final String path;

        OptionsAt(HttpServletRequest errorPage, String uri) {
            super(errorPage);
            this.uri = uri;
            this.path = uri.substring(errorPage.getContextPath().length());
        }

        @Override
        public String getMethod() {
            return "OPTIONS";
        }

        @Override
        public DispatcherType getDispatcherType() {
            return DispatcherType.REQUEST;
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public StringBuffer getRequestURL() {
            return new StringBuffer(getScheme() + "://" + getServerName() + ":" + getServerPort() + uri);
        }

        @Override
        public String getServletPath() {
            return path;
        }

        @Override
        public String getPathInfo() {
            return null;
        }

        @Override
        public String getQueryString() {
            return null;
        }
    }

    /**
     * Keeps the status and {@code Allow} of an answer that never reaches the client: its body, its other headers and
     * its flushes go nowhere (a type or length it sets reaches the real response, which the error page sets anew).
     */
    private static final class HeldAnswer extends HttpServletResponseWrapper {
        private int status = HttpServletResponse.SC_OK;
        private String allow;

        HeldAnswer(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int status) {
            this.status = status;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void sendError(int status) {
            this.status = status;
        }

        @Override
        public void sendError(int status, String message) {
            this.status = status;
        }

        @Override
        public void setHeader(String name, String value) {
            held(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            held(name, value);
        }

        @Override
        public boolean containsHeader(String name) {
            return HttpHeaders.ALLOW.equalsIgnoreCase(name) && allow != null;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ALLOW.equalsIgnoreCase(name) ? allow : null;
        }

        @Override
        public void resetBuffer() {
        }

        @Override
        public void reset() {
            status = HttpServletResponse.SC_OK;
            allow = null;
        }

        @Override
        public void flushBuffer() {
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }
            };
        }

        @Override
        public PrintWriter getWriter() {
            return new PrintWriter(Writer.nullWriter());
        }

        private void held(String name, String value) {
            if (HttpHeaders.ALLOW.equalsIgnoreCase(name)) {
                allow = allow == null ? value : allow + "," + value;
            }
        }
    }
}
