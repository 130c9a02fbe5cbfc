package dev.openproxy.numberpool.phonenumbers.web;

import dev.openproxy.contracts.events.Topics;
import dev.openproxy.contracts.events.phonenumber.NumberCapabilities;
import dev.openproxy.contracts.sid.SidPrefix;
import dev.openproxy.numberpool.integration.PoolUsageListener;
import dev.openproxy.numberpool.integration.ServiceDirectoryListener;
import dev.openproxy.numberpool.phonenumbers.api.AddPhoneNumberCommand;
import dev.openproxy.numberpool.phonenumbers.api.ChangeReservationCommand;
import dev.openproxy.numberpool.phonenumbers.api.PoolRejections;
import dev.openproxy.numberpool.phonenumbers.api.ProxyNumber;
import dev.openproxy.numberpool.phonenumbers.api.RemovePhoneNumberCommand;
import dev.openproxy.numberpool.phonenumbers.query.PoolNumberRepository;
import dev.openproxy.numberpool.phonenumbers.query.PoolNumberRow;
import dev.openproxy.numberpool.services.ServiceRepository;
import dev.openproxy.support.account.CurrentAccount;
import dev.openproxy.support.consistency.ProjectionCatchUp;
import dev.openproxy.support.consistency.PublishedCommands;
import dev.openproxy.support.jdbc.UniqueViolations;
import dev.openproxy.support.paging.ListPage;
import dev.openproxy.support.paging.PageCursor;
import dev.openproxy.support.paging.PageRequest;
import dev.openproxy.support.time.TwilioDates;
import dev.openproxy.support.web.ApiProperties;
import dev.openproxy.support.web.FormParams;
import dev.openproxy.support.web.TwilioApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * /v1/Services/{ServiceSid}/PhoneNumbers: Create, Fetch, List, Update ({@code IsReserved}), Delete. Rules and the
 * self-hosting extras ({@code FriendlyName}, {@code SmsEnabled}, ...) are described in docs/api.md.
 */
@RestController
@RequestMapping(path = "/v1/Services/{serviceSid}/PhoneNumbers", produces = MediaType.APPLICATION_JSON_VALUE)
public class PhoneNumberController {

    private static final int MAX_FRIENDLY_NAME = 64;

    /** Answers only once the write is on Kafka, so participant-service finds the number at the client's next call. */
    private final PublishedCommands commands;
    private final PoolNumberRepository numbers;
    private final ServiceRepository services;
    private final ProjectionCatchUp catchUp;
    private final ApiProperties api;

    public PhoneNumberController(PublishedCommands commands, PoolNumberRepository numbers, ServiceRepository services,
                                 ProjectionCatchUp catchUp, ApiProperties api) {
        this.commands = commands;
        this.numbers = numbers;
        this.services = services;
        this.catchUp = catchUp;
        this.api = api;
    }

    @PostMapping
    public ResponseEntity<PhoneNumberResource> create(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                                      @RequestParam MultiValueMap<String, String> form) {
        requireService(accountSid, serviceSid);
        FormParams params = new FormParams(form);
        String givenSid = params.sid("Sid", SidPrefix.PHONE_NUMBER);
        String phoneNumber = params.text("PhoneNumber");
        if ((phoneNumber == null || phoneNumber.isBlank()) && givenSid != null && !givenSid.isEmpty()) {
            throw TwilioApiException.invalidParameter("PhoneNumber is required: this server has no carrier inventory "
                    + "to look the number of a Sid up in. Send PhoneNumber, and Sid only to choose the new entry's SID");
        }
        ProxyNumber number = ProxyNumber.parse(phoneNumber);
        boolean reserved = bool(params, "IsReserved", false);
        String friendlyName = friendlyName(params, number);
        NumberCapabilities defaults = NumberCapabilities.smsAndVoice();
        NumberCapabilities capabilities = new NumberCapabilities(
                bool(params, "SmsEnabled", defaults.sms()),
                bool(params, "MmsEnabled", defaults.mms()),
                bool(params, "VoiceEnabled", defaults.voice()),
                bool(params, "FaxEnabled", defaults.fax()));
        if (numbers.numberTaken(number.e164()) && !freedByADeletedService(number)) {
            throw PoolRejections.notAvailable();
        }
        String sid = givenSid == null || givenSid.isEmpty() ? SidPrefix.PHONE_NUMBER.newSid() : givenSid;
        try {
            commands.send(new AddPhoneNumberCommand(sid, serviceSid, accountSid, number, friendlyName, capabilities,
                    reserved, TwilioDates.now()));
        } catch (RuntimeException e) {
            // Two requests raced past the pre-check with the same number: the unique constraint decided.
            if (UniqueViolations.isViolationOf(e, PoolNumberRepository.UNIQUE_NUMBER)) {
                throw PoolRejections.notAvailable();
            }
            throw e;
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(PhoneNumberResource.of(existing(accountSid, serviceSid, sid), api));
    }

    @GetMapping("/{sid}")
    public PhoneNumberResource fetch(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                     @PathVariable String sid) {
        requireService(accountSid, serviceSid);
        return PhoneNumberResource.of(existing(accountSid, serviceSid, sid), api);
    }

    @GetMapping
    public ListPage<PhoneNumberResource> list(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                              @RequestParam(name = "PageSize", required = false) Integer pageSize,
                                              @RequestParam(name = "Page", required = false) Integer page,
                                              @RequestParam(name = "PageToken", required = false) String pageToken) {
        requireService(accountSid, serviceSid);
        PageRequest request = PageRequest.of(pageSize, page, pageToken);
        return ListPage.of("phone_numbers", PhoneNumberResource.listPath(serviceSid), request,
                numbers.page(accountSid, serviceSid, request),
                row -> new PageCursor(row.dateCreated(), row.sid()), row -> PhoneNumberResource.of(row, api), api);
    }

    @PostMapping("/{sid}")
    public PhoneNumberResource update(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                      @PathVariable String sid, @RequestParam MultiValueMap<String, String> form) {
        requireService(accountSid, serviceSid);
        existing(accountSid, serviceSid, sid);
        FormParams params = new FormParams(form);
        if (params.has("IsReserved")) {
            commands.send(new ChangeReservationCommand(sid, serviceSid, accountSid, bool(params, "IsReserved", false),
                    TwilioDates.now()));
        }
        return PhoneNumberResource.of(existing(accountSid, serviceSid, sid), api);
    }

    /**
     * Refused while open or in-progress sessions use the number (docs/api.md): taking it away would silently cut
     * their routing. The usage projection first catches up with what is on Kafka now, so a session the client has
     * just closed no longer counts and a participant just added does.
     */
    @DeleteMapping("/{sid}")
    public ResponseEntity<Void> delete(@CurrentAccount String accountSid, @PathVariable String serviceSid,
                                       @PathVariable String sid) {
        requireService(accountSid, serviceSid);
        existing(accountSid, serviceSid, sid);
        catchUp.awaitCaughtUp(PoolUsageListener.CONSUMER, Topics.PARTICIPANTS);
        catchUp.awaitCaughtUp(PoolUsageListener.CONSUMER, Topics.SESSIONS);
        PoolNumberRow row = existing(accountSid, serviceSid, sid);
        if (row.inUse() > 0) {
            throw PoolRejections.inUse(row.inUse());
        }
        commands.send(new RemovePhoneNumberCommand(sid, serviceSid, accountSid, TwilioDates.now()));
        return ResponseEntity.noContent().build();
    }

    /**
     * A Service the client has just created may not have reached this service's projection yet: before answering
     * 20404, wait (bounded) until the projection has applied everything now on the services topic.
     */
    private void requireService(String accountSid, String serviceSid) {
        if (!SidPrefix.SERVICE.matches(serviceSid)) {
            throw PoolRejections.serviceNotFound(serviceSid);
        }
        if (services.exists(accountSid, serviceSid)) {
            return;
        }
        catchUp.awaitCaughtUp(ServiceDirectoryListener.CONSUMER, Topics.SERVICES);
        if (!services.exists(accountSid, serviceSid)) {
            throw PoolRejections.serviceNotFound(serviceSid);
        }
    }

    /** The number's Service may just have been deleted: its numbers leave the pool when the deletion is applied. */
    private boolean freedByADeletedService(ProxyNumber number) {
        catchUp.awaitCaughtUp(ServiceDirectoryListener.CONSUMER, Topics.SERVICES);
        return !numbers.numberTaken(number.e164());
    }

    private PoolNumberRow existing(String accountSid, String serviceSid, String sid) {
        if (!SidPrefix.PHONE_NUMBER.matches(sid)) {
            throw PoolRejections.notFound(serviceSid, sid);
        }
        return numbers.find(accountSid, serviceSid, sid).orElseThrow(() -> PoolRejections.notFound(serviceSid, sid));
    }

    private static String friendlyName(FormParams params, ProxyNumber number) {
        String value = params.text("FriendlyName");
        if (value == null || value.isBlank()) {
            return number.national();
        }
        if (value.length() > MAX_FRIENDLY_NAME) {
            throw TwilioApiException.invalidParameter("FriendlyName must be " + MAX_FRIENDLY_NAME + " characters or fewer");
        }
        return value;
    }

    /** Twilio's booleans: {@code true} or {@code false} (any letter case); absent = the default. */
    private static boolean bool(FormParams params, String name, boolean absent) {
        String value = params.text(name);
        if (value == null) {
            return absent;
        }
        if ("true".equalsIgnoreCase(value.strip())) {
            return true;
        }
        if ("false".equalsIgnoreCase(value.strip())) {
            return false;
        }
        throw TwilioApiException.invalidParameter("Invalid " + name + ": expected true or false");
    }
}
