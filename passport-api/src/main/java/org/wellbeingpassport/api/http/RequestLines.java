package org.wellbeingpassport.api.http;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The request target as sent, kept on the connection. Micronaut replaces a request whose URI is not a URI (a bad
 * %-escape) by one for "/" before any of our code sees it, so its error would lose the path, and with it whether it
 * is answered as FHIR (OperationOutcome) or not (problem+json); issue 17's HTTP fuzz found /fhir answering
 * problem+json that way. Only the target is kept, for that choice; it is never logged.
 */
@Singleton
public final class RequestLines implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    static final AttributeKey<String> TARGET = AttributeKey.valueOf("wellbeing-passport.request-target");

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new Customizer(null));
        return event.getBean();
    }

    /** The request target as sent on this request's connection, if it is known. */
    static Optional<String> target(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> n) {
            return Optional.ofNullable(n.getChannelHandlerContext().channel().attr(TARGET).get());
        }
        return Optional.empty();
    }

    private record Customizer(Channel channel) implements NettyServerCustomizer {
        @Override
        public NettyServerCustomizer specializeForChannel(Channel c, ChannelRole role) {
            return new Customizer(c);
        }

        @Override
        public void onStreamPipelineBuilt() {
            if (channel != null
                    && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC,
                        "wellbeing-passport-request-target", new Keep());
            }
        }
    }

    private static final class Keep extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http.HttpRequest r) {
                ctx.channel().attr(TARGET).set(r.uri());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public boolean isSharable() {
            return false;
        }
    }
}
