package dev.telemetry.bench;

import org.openjdk.jmh.annotations.CompilerControl;

/**
 * The profile benchmark's "servers", shaped like the real ones in server-tests: the command inside a
 * request object ({@link #handle(Request)}, command {@code arg0.header().command()}), and a dispatch
 * whose outcome is a reply written by another method during it ({@link #handleWithReply}, reply site
 * {@link Session#write}). Replies and requests are allocated once, like {@link Dispatcher}'s.
 */
public class RequestServer {
    public static final class Header {
        private final String command;

        public Header(String command) {
            this.command = command;
        }

        public String command() {
            return command;
        }
    }

    public static final class Request {
        private final Header header;

        public Request(String command) {
            this.header = new Header(command);
        }

        public Header header() {
            return header;
        }
    }

    public static final class Reply {
        private final int code;

        public Reply(int code) {
            this.code = code;
        }

        public int getCode() {
            return code;
        }
    }

    /** Where replies go; kept out of line like a real server's socket write. */
    public static class Session {
        private Object last;

        @CompilerControl(CompilerControl.Mode.DONT_INLINE)
        public void write(Object reply) {
            last = reply;
        }

        public Object last() {
            return last;
        }
    }

    private final Object result = new Object();
    private final Reply transferComplete = new Reply(226);

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public Object handle(Request request) {
        return result;
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    public Object handleWithReply(String command, Session session) {
        session.write(transferComplete);
        return result;
    }
}
