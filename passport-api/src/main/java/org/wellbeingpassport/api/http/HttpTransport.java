package org.wellbeingpassport.api.http;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up which transport the HTTP server's event loops run on: Netty's native epoll on Linux x86-64 (the
 * {@code netty-transport-native-epoll} jar, {@code micronaut.server.netty.use-native-transport}), else Java NIO, with
 * the reason. Read from the event loop group itself, not from the configuration.
 */
@Singleton
public final class HttpTransport implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger("passport");
    private final EventLoopGroupRegistry loops;

    public HttpTransport(EventLoopGroupRegistry loops) {
        this.loops = loops;
    }

    /** "epoll" or "nio": what the default event loop group (the HTTP server's) runs on. */
    public String name() {
        EventLoopGroup group = loops.getDefaultEventLoopGroup();
        return epoll(group) ? "epoll" : "nio";
    }

    private static boolean epoll(EventLoopGroup group) {
        try {
            return group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
        } catch (LinkageError e) {
            return false; // the epoll classes are not on the class path
        }
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if ("epoll".equals(name())) {
            LOG.info("HTTP transport: Netty native epoll");
            return;
        }
        String why;
        try {
            why = Epoll.isAvailable()
                    ? "native transport not enabled (micronaut.server.netty.use-native-transport)"
                    : "epoll unavailable: " + Epoll.unavailabilityCause();
        } catch (LinkageError e) {
            why = "no epoll classes on the class path";
        }
        LOG.info("HTTP transport: Java NIO ({})", why);
    }
}
