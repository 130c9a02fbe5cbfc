package dev.openproxy.support.paging;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.openproxy.support.web.ApiProperties;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Twilio list response: the records under the list's key (e.g. {@code sessions}) and a {@code meta} object
 * with absolute paging URLs. {@code previous_page_url} is always null: pages are keyset pages that only go forward.
 */
public final class ListPage<T> {

    private final String key;
    private final List<T> records;
    private final Meta meta;

    private ListPage(String key, List<T> records, Meta meta) {
        this.key = key;
        this.records = records;
        this.meta = meta;
    }

    /**
     * @param fetched    up to {@code request.limit() + 1} rows in list order; one extra row means there is a next page
     * @param cursorOf   the keyset of a row, to start the next page after the last returned row
     */
    public static <R, T> ListPage<T> of(String key, String listPath, PageRequest request, List<R> fetched,
                                        Function<R, PageCursor> cursorOf, Function<R, T> toRecord, ApiProperties api) {
        boolean hasNext = fetched.size() > request.limit();
        List<R> rows = hasNext ? fetched.subList(0, request.limit()) : fetched;
        String base = api.url(listPath) + "?PageSize=" + request.requestedPageSize();
        String current = base + "&Page=" + request.page() + (request.after() == null ? "" : "&PageToken=" + request.after().token());
        String next = hasNext
                ? base + "&Page=" + (request.page() + 1) + "&PageToken=" + cursorOf.apply(rows.get(rows.size() - 1)).token()
                : null;
        Meta meta = new Meta(base + "&Page=0", key, next, request.page(), request.limit(), null, current);
        return new ListPage<>(key, rows.stream().map(toRecord).toList(), meta);
    }

    @JsonAnyGetter
    public Map<String, List<T>> records() {
        return Map.of(key, records);
    }

    @JsonProperty("meta")
    public Meta meta() {
        return meta;
    }

    public record Meta(
            @JsonProperty("first_page_url") String firstPageUrl,
            @JsonProperty("key") String key,
            @JsonProperty("next_page_url") String nextPageUrl,
            @JsonProperty("page") int page,
            @JsonProperty("page_size") int pageSize,
            @JsonProperty("previous_page_url") String previousPageUrl,
            @JsonProperty("url") String url) {
    }
}
