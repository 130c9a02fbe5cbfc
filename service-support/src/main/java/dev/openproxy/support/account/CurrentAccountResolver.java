package dev.openproxy.support.account;

import dev.openproxy.contracts.api.ErrorCode;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Resolves {@link CurrentAccount} parameters; a request that did not come through the gateway gets 20003. */
public class CurrentAccountResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(CurrentAccount.class) && parameter.getParameterType() == String.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        String accountSid = webRequest.getHeader(AccountHeader.NAME);
        if (!SidPrefix.ACCOUNT.matches(accountSid)) {
            throw new TwilioApiException(ErrorCode.AUTHENTICATION_FAILED, "Authenticate");
        }
        return accountSid;
    }
}
