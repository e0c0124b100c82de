"""The home page's weight in production: what a first visit downloads, and in how many requests.

Fetched from the benchmark's gunicorn (production settings, WhiteNoise) as a browser with an
empty cache would: the HTML, then every stylesheet, script, icon, preloaded file and image the
HTML references, and the files the stylesheets reference (`url(...)`, `@import`). Each request
sends a browser's `Accept-Encoding` (common.BROWSER_ACCEPT_ENCODING), so the bytes counted are
those WhiteNoise really sends (its pre-compressed `.br` or `.gz` files when it has them). Fonts
referenced by a stylesheet are counted apart: a browser downloads only those the page uses. In a
`<picture>`, the image counted is the one a current browser takes: the first candidate of the
first `<source>` of a type it reads (WebP, AVIF), not the `<img>` fallback (JPEG); elsewhere
`src`. Other `srcset` candidates are listed but not counted (a browser picks one of them
instead, by its width).
"""

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from common import BROWSER_ACCEPT_ENCODING, fetch

try:  # a requirement of the site (WhiteNoise's .br files); the bench runs in its virtualenv
    import brotli
except ImportError:
    brotli = None

ACCEPT = {"Accept-Encoding": BROWSER_ACCEPT_ENCODING}
BROWSER_IMAGE_TYPES = {"image/webp", "image/avif", "image/jpeg", "image/png", "image/gif"}
FONT = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|#|$)")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []  # (kind, url)
        self.srcset = []
        self.inline_css = []
        self._in_style = False
        self._picture = None  # inside a <picture>: the source image a browser would take

    def _img(self, a):
        kind = "img, lazy" if a.get("loading") == "lazy" else "img"
        if self._picture:  # the <source> wins; the fallback is only a candidate
            self.refs.append((kind, self._picture))
            self.srcset += [a["src"]] if a.get("src") else []
        elif a.get("src"):
            self.refs.append((kind, a["src"]))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "picture":
            self._picture = ""
        elif tag == "source" and self._picture == "" and not a.get("media"):
            candidates = [c.split()[0] for c in (a.get("srcset") or "").split(",") if c.strip()]
            if candidates and a.get("type", "image/webp") in BROWSER_IMAGE_TYPES:
                self._picture = candidates[0]
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower().split()
            if "stylesheet" in rel:
                self.refs.append(("css", a["href"]))
            elif {"icon", "apple-touch-icon", "preload", "modulepreload", "manifest"} & set(rel):
                self.refs.append((rel[0], a["href"]))
        elif tag == "script" and a.get("src"):
            self.refs.append(("js", a["src"]))
        elif tag in ("img", "source", "video", "input"):
            if tag == "img":
                self._img(a)
            elif a.get("src") and tag != "source":
                self.refs.append(("img", a["src"]))
            if a.get("poster"):
                self.refs.append(("img", a["poster"]))
            for candidate in (a.get("srcset") or "").split(","):
                if candidate.strip():
                    self.srcset.append(candidate.split()[0])
        elif tag == "style":
            self._in_style = True
        if a.get("style"):
            self.inline_css.append(a["style"])

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        elif tag == "picture":
            self._picture = None

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def _css_refs(text, base) -> list[str]:
    return [urljoin(base, m.group(1) or m.group(2)) for m in CSS_URL.finditer(text)]


def _decode(headers, body) -> bytes | None:
    """The body as the browser sees it; None for brotli without the `brotli` package (the
    standard library has no decoder)."""
    encoding = headers.get("Content-Encoding", "")
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "br":
        return brotli.decompress(body) if brotli else None
    return body


def _decoded_size(headers, body) -> int:
    decoded = _decode(headers, body)
    return len(body if decoded is None else decoded)  # undecodable: the size on the wire


def measure(base, path="/") -> dict:
    status, headers, html = fetch(base + path, ACCEPT)
    page = _decode(headers, html)
    if page is None:
        raise SystemExit(f"{path}: brotli-compressed and no `brotli` package to read it")
    parser = _Refs()
    parser.feed(page.decode("utf-8", "replace"))
    items = [
        {
            "url": path,
            "kind": "html",
            "status": status,
            "encoding": headers.get("Content-Encoding", "identity"),
            "wire": len(html),
            "size": _decoded_size(headers, html),
        }
    ]
    queue = [(kind, urljoin(base + path, url)) for kind, url in parser.refs]
    fonts = []
    for css in parser.inline_css:
        queue += [("css-ref", url) for url in _css_refs(css, base + path)]
    seen = {base + path}
    while queue:
        kind, url = queue.pop(0)
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        if urlsplit(url).netloc != urlsplit(base).netloc:
            items.append({"url": url, "kind": kind, "status": "external", "wire": 0, "size": 0})
            continue
        status, headers, body = fetch(url, ACCEPT)
        item = {
            "url": urlsplit(url).path,
            "kind": kind,
            "status": status,
            "encoding": headers.get("Content-Encoding", "identity"),
            "wire": len(body),
            "size": _decoded_size(headers, body),
        }
        if kind == "css" and status == 200:
            text = _decode(headers, body)
            if text is not None:
                queue += [
                    ("css-ref", ref) for ref in _css_refs(text.decode("utf-8", "replace"), url)
                ]
        if FONT.search(urlsplit(url).path):
            item["kind"] = "font"
            fonts.append(item)
        else:
            items.append(item)
    counted = [i for i in items if i["status"] != "external"]
    return {
        "path": path,
        "items": items,
        "fonts": fonts,
        "requests": len(counted),
        "wire_bytes": sum(i["wire"] for i in counted),
        "decoded_bytes": sum(i["size"] for i in counted),
        "html_gzip_bytes": len(gzip.compress(page, 6)),
        "html_brotli_bytes": len(brotli.compress(page, quality=5)) if brotli else None,
        "srcset": sorted(set(parser.srcset) - {url for _, url in parser.refs}),
        "lazy_images": sum(1 for i in counted if i["kind"] == "img, lazy"),
        "font_wire_bytes": sum(f["wire"] for f in fonts),
    }
