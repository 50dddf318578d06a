"""Type stubs of declutter (the classes of the native module declutter._declutter)."""

import os
from typing import Any, Iterator, Literal, Optional, Sequence, TypedDict, Union, overload

__version__: str
__all__ = ["Cleaner", "DeclutterError", "Page", "Paragraph", "WarcPages", "__version__"]

LabelName = Literal["content", "boilerplate", "related"]
ModeName = Literal["precision", "balanced", "recall"]
PageTypeName = Literal[
    "article", "forum", "product", "collection", "listing", "documentation", "service"
]
FormatName = Literal["text", "markdown", "json"]
PageInput = Union[bytes, bytearray, str]

class BlockDict(TypedDict):
    """A block of `extract(format="json", blocks=True)`'s "blocks"."""

    text: str
    label: LabelName
    probabilities: dict[str, float]
    line: int
    kept: bool

class DeclutterError(Exception):
    """A declutter failure, with the library's message: a model file that is
    missing or not a usable model, an option out of its range (unknown mode
    or label, empty keep, min_confidence outside [0, 1]), or HTML that cannot
    be read (too large, binary data)."""

class Paragraph:
    """One paragraph (a line of a text page, a block of an HTML page) with
    its label."""

    @property
    def text(self) -> str:
        """The paragraph's text: for a text page the line as given, for HTML
        the block's visible text with whitespace collapsed."""
    @property
    def label(self) -> LabelName:
        """The predicted label: "content", "boilerplate" or "related"."""
    @property
    def probabilities(self) -> dict[str, float]:
        """The probability of each label: {"content": p, "boilerplate": p,
        "related": p}, summing to 1."""
    @property
    def confidence(self) -> float:
        """The probability of the predicted label."""
    @property
    def line(self) -> int:
        """The 1-based line of the page where the paragraph starts."""
    @property
    def kept(self) -> bool:
        """Whether the cleaner's options (keep, min_confidence) keep it: the
        paragraphs that `clean` prints."""
    def __repr__(self) -> str: ...

class Page:
    """An HTML page's title, type and its classified blocks."""

    @property
    def title(self) -> Optional[str]:
        """The page's `<title>`, else its `og:title` meta, else its first
        `<h1>`; None when it has none."""
    @property
    def page_type(self) -> Optional[PageTypeName]:
        """The page's type, as the model tells it or as given; None for a
        model that does not tell types."""
    @property
    def page_type_probability(self) -> Optional[float]:
        """The probability of `page_type`, or None."""
    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every block of the page, in document order."""
    def __len__(self) -> int:
        """The number of blocks."""
    def __repr__(self) -> str: ...

class Cleaner:
    """Labels the paragraphs of web pages as content, boilerplate or related,
    and keeps the content.

    `Cleaner()` uses the two models built into the library: the text model
    for plain-text pages (one paragraph a line) and the HTML model for HTML
    pages. `Cleaner.from_path(path)` uses one model file for both.

    Args:
        mode: "precision", "balanced" (default) or "recall": how readily a
            paragraph is labelled content.
        keep: the labels to keep, among "content", "boilerplate" and
            "related": a sequence of names, or one comma-separated string.
            None means ("content",).
        language: "auto" (each page's language identified from its text)
            or a language's name or code ("french", "fr").
        min_confidence: when set, a paragraph is kept when the summed
            probability of the kept labels is at least this (0 to 1); when
            None, when its label is kept.
        page_type: the pages' type when you know it; None: the model tells
            each page's type.

    Raises:
        DeclutterError: unknown mode or label, empty keep, or min_confidence
            outside [0, 1].

    A Cleaner is immutable and thread-safe; every method releases the GIL
    while it works, so Python threads can share one.
    """

    def __init__(
        self,
        mode: ModeName = "balanced",
        keep: Union[str, Sequence[LabelName], None] = ("content",),
        min_confidence: Optional[float] = None,
        language: str = "auto",
        page_type: Optional[PageTypeName] = None,
    ) -> None: ...
    @staticmethod
    def from_path(
        path: Union[str, os.PathLike[str]],
        mode: ModeName = "balanced",
        keep: Union[str, Sequence[LabelName], None] = ("content",),
        min_confidence: Optional[float] = None,
        language: str = "auto",
        page_type: Optional[PageTypeName] = None,
    ) -> "Cleaner":
        """A cleaner with the model file at `path`, used for both text and
        HTML pages (as the command line's `--model` does).

        Raises:
            DeclutterError: the file is missing or unreadable ("PATH: No such
                file or directory ..."), or not a usable model ("PATH: not a
                usable declutter model: why"), or an option is bad.
        """
    @property
    def mode(self) -> ModeName:
        """The mode in force: "precision", "balanced" or "recall"."""
    @property
    def keep(self) -> tuple[LabelName, ...]:
        """The labels kept, in the order content, boilerplate, related."""
    @property
    def language(self) -> str:
        """The language setting in force: "auto" or a language's name."""
    @property
    def min_confidence(self) -> Optional[float]:
        """The confidence threshold in force, or None."""
    def clean(self, text: str) -> str:
        """The kept paragraphs of a plain-text page (one paragraph a line),
        one a line, each ending in a newline; their text is unchanged."""
    def classify(self, text: str) -> list[Paragraph]:
        """Every non-blank line of a plain-text page, in order, as a
        Paragraph with its label and probabilities."""
    def clean_html(self, html: Union[bytes, bytearray, str]) -> str:
        """The kept blocks of an HTML page, one a line, after the page's
        title when the kept blocks do not start with it.

        Bytes are decoded as the page declares (byte order mark, then
        `<meta charset>`, else UTF-8, else Windows-1252); a str is read as
        the text it is, whatever the page declares.

        Raises:
            DeclutterError: the page cannot be read (over 64 MiB, or binary
                data).
        """
    def classify_html(self, html: Union[bytes, bytearray, str]) -> Page:
        """Every block of an HTML page with its label and probabilities, and
        the page's title; bytes and str are read as for `clean_html`.

        Raises:
            DeclutterError: the page cannot be read (over 64 MiB, or binary
                data).
        """
    @overload
    def extract(
        self,
        page: PageInput,
        format: Literal["json"] = "json",
        *,
        url: Optional[str] = None,
        html: Optional[bool] = None,
        links: bool = False,
        images: bool = False,
        markdown: bool = False,
        blocks: bool = False,
    ) -> dict[str, Any]: ...
    @overload
    def extract(
        self,
        page: PageInput,
        format: Literal["text", "markdown"],
        *,
        url: Optional[str] = None,
        html: Optional[bool] = None,
        links: bool = False,
        images: bool = False,
    ) -> str: ...
    @overload
    def extract(
        self,
        page: PageInput,
        format: str,
        *,
        url: Optional[str] = None,
        html: Optional[bool] = None,
        links: bool = False,
        images: bool = False,
        markdown: bool = False,
        blocks: bool = False,
    ) -> Union[str, dict[str, Any]]:
        """A page, text or HTML, cleaned: by default as a dict of the page's
        fields (`format="json"`), else its text or its Markdown (str).

        Args:
            page: the page: HTML bytes, or a str of HTML or of text (one
                paragraph a line).
            format: "json" (default): a dict with the fields of
                `declutter clean --format json` ("text", "title", "language",
                "url", "page_type", "page_type_probability" and the page's
                facts); "text": the kept paragraphs, one a line, as `clean`
                and `clean_html` give them; "markdown": the kept blocks as
                Markdown (headings, lists, tables, code, quotes).
            url: the page's address: the model reads it, and the Markdown's
                links and the page's canonical address are resolved against
                it.
            html: None (default): bytes are HTML, a str is HTML when it
                looks like HTML (it starts with a tag, and its first kilobyte
                has one of <html>, <head>, <body>, <div>, <p>, <meta>,
                <title> or a doctype), else text; True or False: read as HTML
                or as text (bytes as text are UTF-8, invalid sequences
                replaced).
            links: in the Markdown, keep link targets: `[text](url)`.
            images: in the Markdown, keep the images shown with kept blocks:
                `![alt](src)`.
            markdown: with format="json", add the "markdown" field.
            blocks: with format="json", add the "blocks" field: every block,
                in document order (see `BlockDict`).

        Raises:
            DeclutterError: an unknown format, markdown or blocks without
                format="json" (before the page is read); a page that cannot
                be read (over 64 MiB, or binary data).
        """
    @overload
    def clean_many(
        self,
        pages: Sequence[PageInput],
        threads: Optional[int] = None,
        html: bool = False,
        format: Literal["text", "markdown"] = "text",
    ) -> list[str]: ...
    @overload
    def clean_many(
        self,
        pages: Sequence[PageInput],
        threads: Optional[int] = None,
        html: bool = False,
        *,
        format: Literal["json"],
    ) -> list[dict[str, Any]]: ...
    @overload
    def clean_many(
        self,
        pages: Sequence[PageInput],
        threads: Optional[int],
        html: bool,
        format: Literal["json"],
    ) -> list[dict[str, Any]]: ...
    @overload
    def clean_many(
        self,
        pages: Sequence[PageInput],
        threads: Optional[int] = None,
        html: bool = False,
        format: str = "text",
    ) -> Union[list[str], list[dict[str, Any]]]:
        """Cleans many pages in parallel, with the GIL released; the results
        are in input order and equal `[clean(p) for p in pages]` (with
        `html=True`: `[clean_html(p) for p in pages]`), or with another
        format, `[extract(p, format, html=html) for p in pages]`.

        Args:
            pages: a sequence of str (with html=True, of str or bytes).
            threads: worker threads; None or 0: every core (rayon's global
                pool). The pool of N threads is made on the first call and
                kept for the next ones (of the last 4 values of N).
            html: read the pages as HTML.
            format: "text" (default) or "markdown": a str a page; "json": a
                dict a page, as `extract` gives it.

        Raises:
            DeclutterError: an unknown format (before any page is read); with
                html=True, a page that cannot be read ("page INDEX: why"); no
                result is returned then.
        """
    def clean_warc(
        self,
        source: Union[str, os.PathLike[str], bytes, bytearray],
        threads: Optional[int] = None,
        format: FormatName = "text",
    ) -> WarcPages:
        """The cleaned pages of a WARC or WET file, as an iterator of dicts
        with the keys "url", "warc_record_id", "date", "language", "title",
        "page_type", "page_type_probability" and "text" (None where the file
        or the model does not say), in file order.

        WET `conversion` records are text pages, `response` records with a
        2xx HTML response are HTML pages; other records are passed over.
        Records are read and cleaned a batch at a time on every core (or on
        `threads` threads), with the GIL released.

        Args:
            source: a file path or the file's bytes; plain, one gzip stream,
                or a gzip member a record.
            threads: as for `clean_many`.
            format: "text" (default): "text" holds the page's text, as
                `declutter clean --warc` writes it; "markdown": "text" holds
                its Markdown; "json": "text" holds the text, and the page's
                other fields (the keys of `extract`'s dict but "text": its
                own headline, author, publication date, canonical address,
                ...) are the dict "declutter", as `declutter clean --warc
                --format json` writes them; the record's own fields keep
                their meaning in every format.

        A record that cannot be read or cleaned is skipped, with a
        RuntimeWarning, and its message ("at byte N ...: why") is added to
        the iterator's `errors` list.

        Raises:
            DeclutterError: an unknown format (before the file is opened);
                the file cannot be opened; or, after the records before it,
                the file is truncated or its gzip stream corrupt.
        """
    def __repr__(self) -> str: ...

class WarcPage(TypedDict):
    """A cleaned page of a WARC or WET file (with format="json", one more
    key: "declutter", the page's facts and type as `extract` gives them)."""

    url: Optional[str]
    warc_record_id: Optional[str]
    date: Optional[str]
    language: Optional[str]
    title: Optional[str]
    page_type: Optional[PageTypeName]
    page_type_probability: Optional[float]
    text: str

class WarcPages(Iterator[WarcPage]):
    """The iterator of `Cleaner.clean_warc`."""

    def __iter__(self) -> WarcPages: ...
    def __next__(self) -> WarcPage: ...
    @property
    def errors(self) -> list[str]:
        """The messages of the records skipped so far ("FILE: at byte N ...: why")."""
