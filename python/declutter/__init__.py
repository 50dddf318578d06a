"""declutter: label each paragraph of a web page as content, boilerplate or
related, and keep the content.

Example::

    import declutter
    cleaner = declutter.Cleaner()
    text = cleaner.clean(page_text)          # plain text, one paragraph a line
    text = cleaner.clean_html(html_bytes)    # HTML, as fetched
    page = cleaner.extract(html_bytes)       # a dict: text, title, language, facts...
    md = cleaner.extract(html_bytes, "markdown")
    for page in cleaner.clean_warc("CC-MAIN-....warc.wet.gz"):  # WARC / WET
        print(page["url"], page["text"])

The work is done by the Rust library ``declutter`` (the native module
``declutter._declutter``); this package re-exports its classes.
"""

from ._declutter import Cleaner, DeclutterError, Page, Paragraph, WarcPages, __version__

__all__ = ["Cleaner", "DeclutterError", "Page", "Paragraph", "WarcPages", "__version__"]
