"""declutter as a datatrove extractor: a pipeline step that turns each
document's HTML into its cleaned text (or Markdown).

Install with the extra: ``pip install "declutter[datatrove]"`` (from the
repository: ``pip install "./python[datatrove]"``), which brings datatrove
and what its ``WarcReader`` needs. Example::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from declutter.datatrove import Declutter

    LocalPipelineExecutor(
        pipeline=[
            WarcReader("crawl/", glob_pattern="*.warc.gz"),
            Declutter(mode="balanced"),
            JsonlWriter("out/"),
        ],
        tasks=4,
    ).run()

Each document's text becomes what ``declutter clean`` prints for the page;
a document whose cleaned text is empty is dropped (datatrove's
``dropped`` count), as with datatrove's own extractors.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Optional, Sequence, Union

from datatrove.pipeline.extractors.base import BaseExtractor  # type: ignore[import-untyped]

from . import Cleaner, DeclutterError

if TYPE_CHECKING:
    from . import LabelName, ModeName, PageTypeName

__all__ = ["Declutter"]

_FORMATS = ("text", "markdown")


class Declutter(BaseExtractor):
    """Cleans each document's HTML with declutter: its text becomes the
    kept blocks, one a line (``format="text"``), or their Markdown
    (``format="markdown"``).

    Args:
        mode, keep, min_confidence, language, page_type: the options of
            ``declutter.Cleaner``.
        format: "text" (default) or "markdown".
        links: in the Markdown, keep link targets (as written in the page:
            the step is not given the page's address).
        images: in the Markdown, keep the images shown with kept blocks.
        html: True (default): every document is HTML; None: a document is
            HTML when it looks like HTML, else text (one paragraph a line,
            as in WET files); False: every document is text.
        timeout: datatrove's limit per document, in seconds (the document
            is skipped past it).

    Raises:
        DeclutterError: a bad option (unknown mode, label, language, page
            type or format), when the step is made.
    """

    name = "🧹 Declutter"

    def __init__(
        self,
        mode: ModeName = "balanced",
        keep: Union[str, Sequence[LabelName], None] = ("content",),
        min_confidence: Optional[float] = None,
        language: str = "auto",
        page_type: Optional[PageTypeName] = None,
        format: str = "text",
        links: bool = False,
        images: bool = False,
        html: Optional[bool] = True,
        timeout: float = 1,
    ):
        super().__init__(timeout)
        if format not in _FORMATS:
            raise DeclutterError(
                f'unknown format "{format}" for the datatrove step (expected text or markdown)'
            )
        self.mode = mode
        self.keep = keep
        self.min_confidence = min_confidence
        self.language = language
        self.page_type = page_type
        self.format = format
        self.links = links
        self.images = images
        self.html = html
        self._cleaner: Optional[Cleaner] = self._make_cleaner()  # checks the options now

    def _make_cleaner(self) -> Cleaner:
        return Cleaner(
            mode=self.mode,
            keep=self.keep,
            min_confidence=self.min_confidence,
            language=self.language,
            page_type=self.page_type,
        )

    def __getstate__(self):
        # datatrove pickles its steps to send them to other processes; a
        # Cleaner does not pickle, and is made again where it is used.
        state = self.__dict__.copy()
        state["_cleaner"] = None
        return state

    def extract(self, text: str) -> str:
        """The cleaned text (or Markdown) of a page.

        Args:
            text: the page's HTML (or its text, with html=None or False).
        """
        if self._cleaner is None:
            self._cleaner = self._make_cleaner()
        fmt: Literal["text", "markdown"] = "markdown" if self.format == "markdown" else "text"
        return self._cleaner.extract(text, fmt, html=self.html, links=self.links, images=self.images)
