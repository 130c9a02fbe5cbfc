package dev.openproxy.support.paging;

import dev.openproxy.support.web.TwilioApiException;

/**
 * A list request's paging parameters. Twilio accepts PageSize 1..1000 (default 50) but Proxy returns at most
 * 100 records per page (spec: "A maximum of 100 records will be returned per page"). {@code Page} is only
 * echoed back ("simply for client state"); the position is in {@code PageToken}.
 */
public record PageRequest(int requestedPageSize, int page, PageCursor after) {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_RETURNED = 100;
    private static final int MAX_REQUESTED = 1000;

    public static PageRequest of(Integer pageSize, Integer page, String pageToken) {
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;
        if (size < 1 || size > MAX_REQUESTED) {
            throw TwilioApiException.invalidParameter("PageSize must be between 1 and " + MAX_REQUESTED);
        }
        int pageNumber = page == null ? 0 : page;
        if (pageNumber < 0) {
            throw TwilioApiException.invalidParameter("Page must be 0 or greater");
        }
        PageCursor cursor = pageToken == null || pageToken.isBlank() ? null : PageCursor.parse(pageToken);
        return new PageRequest(size, pageNumber, cursor);
    }

    /** How many records this page holds at most. */
    public int limit() {
        return Math.min(requestedPageSize, MAX_RETURNED);
    }
}
