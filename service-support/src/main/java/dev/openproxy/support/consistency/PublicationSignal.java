package dev.openproxy.support.consistency;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Interceptor of the {@code kafka-publisher} tracking processor: once the batch's transaction has committed (its sends
 * acknowledged by the broker, then its token stored), tells {@link PublisherProgress} the token of each event in it.
 * After-commit only: a batch that fails is rolled back, re-sent later, and signals nothing.
 */
public class PublicationSignal implements MessageHandlerInterceptor<EventMessage<?>> {

    private final PublisherProgress progress;

    public PublicationSignal(PublisherProgress progress) {
        this.progress = progress;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        if (unitOfWork.getMessage() instanceof TrackedEventMessage<?> tracked) {
            unitOfWork.afterCommit(committed -> progress.committed(tracked.trackingToken()));
        }
        return interceptorChain.proceed();
    }
}
