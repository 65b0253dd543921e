package dev.genserver.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Notes whether anything was written as the body or handed to the container as an error, and holds back a flush
 * of an error answer that has no body yet, so that {@link ErrorBodyFilter} can still give it one.
 */
final class BodyTrackingResponse extends HttpServletResponseWrapper {

    private boolean bodyStarted;
    private boolean errorSent;

    BodyTrackingResponse(HttpServletResponse response) {
        super(response);
    }

    /** An error status, no body, no error page on its way, and nothing sent yet. */
    boolean isEmptyError() {
        return getStatus() >= 400 && !bodyStarted && !errorSent && !isCommitted();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        bodyStarted = true;
        return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        bodyStarted = true;
        return super.getWriter();
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        errorSent = true;
        super.sendError(status, message);
    }

    @Override
    public void sendError(int status) throws IOException {
        errorSent = true;
        super.sendError(status);
    }

    @Override
    public void flushBuffer() throws IOException {
        if (getStatus() < 400 || bodyStarted) {
            super.flushBuffer();
        }
    }
}
