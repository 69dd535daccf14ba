"""Pages of a list operation and walking every page: `Page.iter_all()` (an iterator) for the sync
client, `AsyncPage.iter_all()` (an async iterator) for the async one. A page knows how its list
pages (a cursor, or a page number) and asks for the next page with the same filters."""

from __future__ import annotations

from typing import Any, AsyncIterator, Awaitable, Callable, Generic, Iterator, TypeVar

from ._core import Paging, dig

T = TypeVar("T")


class _PageData(Generic[T]):
    def __init__(self, body: Any, paging: Paging, query: dict[str, Any]):
        self.raw = body
        self.paging = paging
        self.query = query
        items = dig(body, paging.page_items if self.style == "page" and paging.page_items else paging.items)
        self.items: list[T] = list(items) if isinstance(items, list) else []
        self.next_cursor: str | None = dig(body, paging.next_cursor)
        self.previous_cursor: str | None = dig(body, paging.previous_cursor)
        self.has_previous: bool = bool(dig(body, paging.has_previous))
        self.page: int | None = dig(body, paging.page)
        self.total_pages: int | None = dig(body, paging.total_pages)
        self.total: int | None = dig(body, paging.total)

    @property
    def style(self) -> str:
        """cursor or page: a list that pages both ways pages by number when asked for a page."""
        p = self.paging
        if p.style == "cursor" and p.page_param and self.query.get(p.page_param) is not None:
            return "page"
        return p.style

    @property
    def has_next(self) -> bool:
        p = self.paging
        flag = dig(self.raw, p.has_next)
        if self.style == "cursor":
            if p.has_next is not None and flag is not None:
                return bool(flag) and self.next_cursor not in (None, "")
            return self.next_cursor not in (None, "")
        if flag is not None:
            return bool(flag)
        page = self.page or self.query.get(p.page_param or "", 1) or 1
        if self.total_pages is not None:
            return bool(page < self.total_pages)
        limit = self.query.get(p.limit_param or "")
        if self.total is not None and limit:
            return bool(page * limit < self.total)
        return bool(self.items) and (not limit or len(self.items) >= limit)

    def next_query(self) -> dict[str, Any]:
        p = self.paging
        query = dict(self.query)
        if self.style == "cursor":
            query[p.cursor_param or "cursor"] = self.next_cursor
        else:
            page = self.page or query.get(p.page_param or "", 1) or 1
            query[p.page_param or "page"] = page + 1
        return query

    def previous_query(self) -> dict[str, Any] | None:
        """The query of the page before this one, on a list that pages backwards (None: none)."""
        p = self.paging
        if self.style != "cursor" or not p.previous_cursor_param or self.previous_cursor in (None, ""):
            return None
        if p.has_previous is not None and not self.has_previous:
            return None
        query = dict(self.query)
        query.pop(p.cursor_param or "cursor", None)
        query[p.previous_cursor_param] = self.previous_cursor
        return query

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> T:
        return self.items[index]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {len(self.items)} items, has_next={self.has_next}>"


class Page(_PageData[T]):
    """One page: `items`, `has_next`, `next_cursor` / `page`, `total_pages`, `total`, the body as
    `raw`; `next_page()` asks for the next one, `iter_all()` yields every item of this page and
    of every page after it."""

    def __init__(self, body: Any, paging: Paging, query: dict[str, Any],
                 fetch: Callable[[dict[str, Any]], "Page[T]"]):
        super().__init__(body, paging, query)
        self._fetch = fetch

    def next_page(self) -> "Page[T] | None":
        return self._fetch(self.next_query()) if self.has_next else None

    def previous_page(self) -> "Page[T] | None":
        query = self.previous_query()
        return self._fetch(query) if query is not None else None

    def iter_pages(self) -> Iterator["Page[T]"]:
        page: Page[T] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def iter_all(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_PageData[T]):
    """An async client's page: `await page.next_page()`, `async for item in page.iter_all()`."""

    def __init__(self, body: Any, paging: Paging, query: dict[str, Any],
                 fetch: Callable[[dict[str, Any]], Awaitable["AsyncPage[T]"]]):
        super().__init__(body, paging, query)
        self._fetch = fetch

    async def next_page(self) -> "AsyncPage[T] | None":
        return await self._fetch(self.next_query()) if self.has_next else None

    async def previous_page(self) -> "AsyncPage[T] | None":
        query = self.previous_query()
        return await self._fetch(query) if query is not None else None

    async def iter_pages(self) -> AsyncIterator["AsyncPage[T]"]:
        page: AsyncPage[T] | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def iter_all(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item
