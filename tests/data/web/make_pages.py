"""Build the saved news pages under tests/data/web/pages/ (run once; the output is committed).

    python tests/data/web/make_pages.py

Every page is written for the project: the article bodies are the project's own
sample articles (tests/data/articles/ and the bodies of the outlet-style samples
in tests/data/ingest/clutter/), poured into twelve page styles that differ the way
outlets differ: semantic <article> markup or div soup, a Next.js app with its
state in a script, AMP, a table layout with <br> paragraphs, WordPress with a
comment thread, a magazine long read with pull quotes, a portal with
teaser cards inside the article container. Each page carries the clutter that
real saved pages carry, inside and around the body: cookie banners, navigation,
captions and credits, inline "Read more" links, related-story lists, share
bars, newsletter boxes, advertisements, tags, author bios, comment sections,
footers.

Next to each page ``NAME.html`` is ``NAME.body.txt``: the body a fact-checker
wants (the article's paragraphs and subheadings, in order, one per line; no
headline, byline, caption, credit or clutter) and ``NAME.meta.json``: the
headline, author, date, outlet and canonical URL the markup states.

The styles are split in two: pages in ``DEV_STYLES`` were looked at while
building the extractor; pages in the other styles were only scored at the end
(bench/bench_html.py reports both groups).
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
OUT = HERE / "pages"

DEV_STYLES = ("broadsheet", "divsoup", "wordpress", "nextjs", "tablelayout", "amp")
# Added later as more dev styles, each over a third of the bodies (after the first 25 pages).
EXTRA_STYLES = ("cms", "splitbody")
HELD_OUT_STYLES = ("magazine", "regional", "wire", "portal")
STYLES = DEV_STYLES + HELD_OUT_STYLES

AUTHORS = ["Maria Lopez", "Tom Becker", "Aisha Rahman", "Daniel Okafor", "Helen Marsh", "Kenji Sato",
           "Laura Finch", "Omar Haddad", "Priya Nair", "Samuel Grant"]
OUTLETS = [("The Northern Ledger", "northernledger.example"), ("Daily Meridian", "dailymeridian.example"),
           ("Coastline Post", "coastlinepost.example"), ("The Civic Record", "civicrecord.example"),
           ("Metro Courier", "metrocourier.example")]
RELATED = [
    "Council tax to rise by 5% in April", "Rail strike called off after late talks",
    "Hospital waiting lists hit record high", "Five things to know about the new budget",
    "Police appeal after city centre crash", "Watch: the moment the bridge reopened",
    "Opinion: why the housing plan will fail", "Weather warning issued for the weekend",
    "Analysis: what the election result means", "Schools to get extra funding for meals",
]
COMMENTS = [
    ("jdawson", "This is exactly what happened in our town last year. Nobody listened then either."),
    ("Marnie_K", "Great reporting, thank you. Would love a follow-up on where the money actually goes."),
    ("oldtimer52", "I have lived here for forty years and I have never seen anything like it."),
    ("R. Singh", "The figures in the third paragraph don't match what the minister said on the radio."),
    ("coastwatcher", "Reply to Marnie_K: agreed, the council report is public, worth a read."),
]


def bodies() -> list[tuple[str, str, list[str]]]:
    """(name, headline, paragraphs) for every sample article the project owns."""
    out = []
    for path in sorted((ROOT / "tests" / "data" / "articles").iterdir()):
        if path.suffix not in (".txt",):
            continue
        text = path.read_text(encoding="utf-8")
        blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]
        out.append((path.stem, blocks[0], blocks[1:]))
    for path in sorted((ROOT / "tests" / "data" / "ingest" / "clutter").glob("*.txt")):
        expected = {ln for ln in path.with_suffix(".expected").read_text(encoding="utf-8").splitlines() if ln.strip()}
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and ln not in expected]
        out.append((path.stem.removesuffix("_style"), lines[0], lines[1:]))
    return out


def e(text: str) -> str:
    return escape(text, quote=True)


def json_ld(meta: dict) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": meta["title"],
            "datePublished": meta["date"], "author": [{"@type": "Person", "name": meta["author"]}],
            "publisher": {"@type": "Organization", "name": meta["outlet"]}, "url": meta["url"]}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def head(meta: dict, extra: str = "", *, og: bool = True, ld: bool = True) -> str:
    tags = [f"<title>{e(meta['title'])} | {e(meta['outlet'])}</title>",
            '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<link rel="canonical" href="{e(meta["url"])}">']
    if og:
        tags += [f'<meta property="og:title" content="{e(meta["title"])}">',
                 f'<meta property="og:site_name" content="{e(meta["outlet"])}">',
                 f'<meta property="article:published_time" content="{e(meta["date"])}">',
                 f'<meta name="author" content="{e(meta["author"])}">']
    if ld:
        tags.append(json_ld(meta))
    tags.append("<style>body{font-family:Georgia,serif}.ad{min-height:250px}</style>")
    tags.append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>")
    return "<head>\n" + "\n".join(tags) + extra + "\n</head>"


def nav(items: list[str], cls: str = "site-nav") -> str:
    return f'<nav class="{cls}"><ul>' + "".join(f'<li><a href="/{i.lower()}">{e(i)}</a></li>' for i in items) + "</ul></nav>"


SECTIONS = ["Home", "News", "UK", "World", "Business", "Politics", "Sport", "Culture", "Opinion", "Weather"]


def cookie_banner(k: int) -> str:
    texts = [
        "We use cookies to improve your experience on our site and to show you personalised advertising. "
        "By continuing to browse, you agree to our use of cookies.",
        "This website uses cookies. We and our 143 partners store and access information on your device "
        "to measure audiences and personalise content.",
    ]
    return (f'<div id="cookie-consent" class="consent-banner" role="region" aria-label="Cookie consent"><p>{texts[k % 2]}</p>'
            '<a href="/privacy">Privacy policy</a> <button>Accept all</button><button>Manage preferences</button></div>')


def related_list(k: int, n: int = 4, title: str = "Related stories") -> str:
    items = [RELATED[(k + i) % len(RELATED)] for i in range(n)]
    return (f'<div class="related"><h3>{title}</h3><ul>'
            + "".join(f'<li><a href="/news/{k}-{i}">{e(t)}</a></li>' for i, t in enumerate(items)) + "</ul></div>")


def comments_section(k: int, style: str = "div") -> str:
    picked = [COMMENTS[(k + i) % len(COMMENTS)] for i in range(3)]
    if style == "ol":
        items = "".join(
            f'<li class="comment"><div class="comment-author"><cite>{e(u)}</cite> says:</div>'
            f'<div class="comment-meta">March {3 + i}, 2024 at {9 + i}:1{i} am</div><p>{e(t)}</p>'
            '<a class="comment-reply-link" href="#respond">Reply</a></li>'
            for i, (u, t) in enumerate(picked))
        return (f'<div id="comments" class="comments-area"><h2 class="comments-title">{len(picked)} thoughts on this post</h2>'
                f'<ol class="commentlist">{items}</ol><div id="respond"><h3>Leave a Reply</h3>'
                '<form><textarea name="comment"></textarea><button>Post Comment</button></form></div></div>')
    items = "".join(f'<div class="comment"><span class="user">{e(u)}</span><p>{e(t)}</p><span class="likes">{3 * i + 1} likes</span></div>'
                    for i, (u, t) in enumerate(picked))
    return f'<section class="comments" id="comments"><h2>Comments ({len(picked)})</h2>{items}<a href="#">Show more comments</a></section>'


def caption_for(k: int) -> tuple[str, str]:
    captions = ["Residents watched as emergency crews worked through the night.",
                "The building has stood empty since the factory closed.",
                "Officials at a briefing on Monday.",
                "Campaigners gathered outside the town hall before the vote."]
    credits = ["Photograph: Jane Barlow/PA", "Image: Reuters", "Photo: AFP via Getty Images", "Credit: Tom Becker"]
    return captions[k % 4], credits[(k + 1) % 4]


def footer(meta: dict) -> str:
    return (f'<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>'
            '<li><a href="/terms">Terms of use</a></li><li><a href="/privacy">Privacy</a></li></ul>'
            f'<p>© 2024 {e(meta["outlet"])}. All rights reserved.</p></footer>')


def newsletter(k: int) -> str:
    return ('<div class="newsletter-signup"><h4>Get the morning briefing</h4><p>Sign up for our free newsletter and get the day\'s top stories in your inbox.</p>'
            '<form><input type="email" placeholder="Your email"><button>Sign up</button></form></div>')


def ps(paras: list[str], cls: str = "") -> list[str]:
    attr = f' class="{cls}"' if cls else ""
    return [f"<p{attr}>{e(p)}</p>" for p in paras]


def interleave(blocks: list[str], inserts: dict[int, str]) -> str:
    out = []
    for i, b in enumerate(blocks):
        out.append(b)
        if i in inserts:
            out.append(inserts[i])
    return "\n".join(out)


# --------------------------------------------------------------------- styles

def broadsheet(meta: dict, paras: list[str], k: int) -> str:
    cap, credit = caption_for(k)
    blocks = ps(paras)
    inserts = {0: f'<figure class="lead-image"><img src="/img/{k}.jpg" alt="{e(cap)}"><figcaption>{e(cap)} <span class="credit">{e(credit)}</span></figcaption></figure>'}
    if len(blocks) > 3:
        inserts[2] = f'<p class="inline-related"><strong>Read more:</strong> <a href="/news/x{k}">{e(RELATED[k % 10])}</a></p>'
    return f"""<!DOCTYPE html><html lang="en">{head(meta)}
<body>
{cookie_banner(k)}
<header class="masthead"><a class="logo" href="/">{e(meta['outlet'])}</a>{nav(SECTIONS)}<a href="/subscribe">Subscribe</a> <a href="/login">Sign in</a></header>
<main id="content">
<article class="story">
<header class="story-header"><span class="kicker">{e(meta['section'])}</span><h1>{e(meta['title'])}</h1>
<p class="byline">By <a rel="author" href="/profile/{k}">{e(meta['author'])}</a></p>
<time datetime="{meta['date']}">{meta['date_human']}</time></header>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Email</a></div>
<div class="story-body">
{interleave(blocks, inserts)}
</div>
<div class="tags"><span>Topics:</span> <a href="/t/1">{e(meta['section'])}</a> <a href="/t/2">Local government</a></div>
</article>
<aside class="sidebar">{related_list(k, 5, "Most read")}</aside>
</main>
{comments_section(k)}
{footer(meta)}
</body></html>"""


def divsoup(meta: dict, paras: list[str], k: int) -> str:
    cap, credit = caption_for(k)
    blocks = ps(paras)
    inserts = {0: '<div class="ad-slot"><span class="ad-label">Advertisement</span><div id="gpt-ad-1"></div></div>',
               1: f'<div class="image-wrap"><img src="/i/{k}.jpg"><div class="caption">{e(cap)} ({e(credit)})</div></div>'}
    if len(blocks) > 4:
        inserts[3] = f'<div class="mid-related"><span>Also read</span><a href="/r/{k}">{e(RELATED[(k + 3) % 10])}</a></div>'
    return f"""<html><head><title>{e(meta['title'])} - {e(meta['outlet'])}</title>
<meta name="description" content="{e(paras[0][:150])}">
<meta property="og:site_name" content="{e(meta['outlet'])}">
<meta name="author" content="{e(meta['author'])}">
<meta name="publish-date" content="{meta['date']}">
<link rel="canonical" href="{e(meta['url'])}">
</head>
<body><div id="wrapper"><div class="top-bar"><div class="menu">{"".join(f'<a href="/{s.lower()}">{s}</a> | ' for s in SECTIONS)}</div></div>
<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/news">News</a> &gt; {e(meta['section'])}</div>
<div class="container"><div class="col-main">
<div class="headline-box"><div class="h1 title">{e(meta['title'])}</div>
<div class="author-line">{e(meta['author'])} | {meta['date_human']}</div></div>
<div class="social"><a>Facebook</a><a>Twitter</a><a>WhatsApp</a><a>Copy link</a></div>
<div class="article-content" itemprop="articleBody">
{interleave(blocks, inserts)}
</div>
{newsletter(k)}
</div>
<div class="col-right"><div class="widget">{related_list(k + 2, 6, "Trending now")}</div>
<div class="widget ad"><span>Advertisement</span></div></div></div>
<div class="footer-links">About | Careers | Advertise with us | Contact | Privacy policy</div>
<div class="copyright">Copyright 2024 {e(meta['outlet'])}</div></div></body></html>"""


def wordpress(meta: dict, paras: list[str], k: int) -> str:
    cap, credit = caption_for(k)
    blocks = ps(paras)
    inserts = {1: f'<figure class="wp-block-image size-large"><img src="/wp-content/uploads/{k}.jpg" alt=""><figcaption class="wp-element-caption">{e(cap)}</figcaption></figure>'}
    return f"""<!DOCTYPE html>
<html lang="en-US">{head(meta, '<link rel="stylesheet" href="/wp-content/themes/x/style.css">', ld=False)}
<body class="post-template-default single single-post">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><p class="site-title"><a href="/">{e(meta['outlet'])}</a></p>
<p class="site-description">Independent news for the valley since 2009</p>
<nav id="site-navigation" class="main-navigation">{nav(SECTIONS[:6], "menu")}</nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{1000 + k}" class="post type-post status-publish">
<header class="entry-header"><h1 class="entry-title">{e(meta['title'])}</h1>
<div class="entry-meta"><span class="posted-on">Posted on <time class="entry-date published" datetime="{meta['date']}">{meta['date_human']}</time></span>
<span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/x/">{e(meta['author'])}</a></span></span></div></header>
<div class="entry-content">
{interleave(blocks, inserts)}
<div class="sharedaddy"><h3 class="sd-title">Share this:</h3><ul><li>Twitter</li><li>Facebook</li><li>Print</li></ul></div>
<div class="jp-relatedposts"><h3>Related</h3>{"".join(f'<p><a href="#">{e(RELATED[(k + i) % 10])}</a> <span>In "News"</span></p>' for i in range(3))}</div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/c/news">News</a></span> <span class="tags-links">Tagged <a href="#">council</a>, <a href="#">budget</a></span></footer>
</article>
<nav class="navigation post-navigation"><div class="nav-previous"><a href="#">Previous post: {e(RELATED[(k + 5) % 10])}</a></div></nav>
{comments_section(k, "ol")}
</main></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{"".join(f'<li><a href="#">{e(RELATED[(k + i + 1) % 10])}</a></li>' for i in range(5))}</ul></section>
<section class="widget widget_archive"><h2 class="widget-title">Archives</h2><ul><li>March 2024</li><li>February 2024</li></ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">Proudly powered by WordPress | Theme: Twenty Something</div></footer></div>
</body></html>"""


def nextjs(meta: dict, paras: list[str], k: int) -> str:
    cap, credit = caption_for(k)
    state = {"props": {"pageProps": {"article": {"headline": meta["title"], "body": "[redacted for size]", "id": k}}}}
    blocks = [f'<p class="css-1x{k}a e1ywq9d0">{e(p)}</p>' for p in paras]
    inserts = {0: f'<div class="css-9kq2 e17x"><div data-testid="photo"><img src="/p/{k}.webp"></div><span class="css-caption">{e(cap)}</span><span class="css-credit">{e(credit)}</span></div>'}
    if len(blocks) > 2:
        inserts[1] = (f'<div class="css-related-inline" data-component="RelatedLink"><a href="/a/{k}"><span>Related</span>'
                      f'<span>{e(RELATED[(k + 7) % 10])}</span></a></div>')
    if len(blocks) > 5:
        inserts[4] = '<div data-ad-slot="mid" class="css-ad"><p class="css-adlabel">Advertisement - Scroll to continue</p></div>'
    return f"""<!DOCTYPE html><html lang="en">{head(meta, ld=True)}
<body><div id="__next"><div class="css-app">
<div class="css-header" role="banner"><a href="/"><svg><title>{e(meta['outlet'])} logo</title></svg></a>
<div class="css-nav">{"".join(f'<a class="css-navlink" href="/{s.lower()}">{s}</a>' for s in SECTIONS)}</div>
<button>Menu</button><a href="/subscribe" class="css-cta">Subscribe for $1/week</a></div>
<div class="css-main" role="main"><div class="css-story">
<div class="css-kicker">{e(meta['section'].upper())}</div>
<h1 class="css-headline" data-testid="headline">{e(meta['title'])}</h1>
<div class="css-byline"><span>By </span><a href="/by/{k}">{e(meta['author'])}</a><time datetime="{meta['date']}">{meta['date_human']}</time></div>
<div class="css-body" data-testid="article-body">
{interleave(blocks, inserts)}
</div>
<div class="css-endnote"><p class="css-tagline">A version of this article appears in print on page A{k % 20 + 1}.</p></div>
<div class="css-more"><h2>More in {e(meta['section'])}</h2>{"".join(f'<div class="css-card"><a href="#"><h3>{e(RELATED[(k + i) % 10])}</h3><p>{e(RELATED[(k + i + 4) % 10])}. Here is what we know so far.</p></a></div>' for i in range(4))}</div>
</div></div>
<div class="css-footer" role="contentinfo"><p>© 2024 {e(meta['outlet'])} Company</p><a>Help</a><a>Subscriptions</a></div>
</div></div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>
</body></html>"""


def tablelayout(meta: dict, paras: list[str], k: int) -> str:
    cap, credit = caption_for(k)
    body = "<br><br>\n".join(e(p) for p in paras)
    return f"""<HTML><HEAD><TITLE>{e(meta['outlet'])} :: {e(meta['title'])}</TITLE>
<META NAME="author" CONTENT="{e(meta['author'])}"><META NAME="date" CONTENT="{meta['date'][:10]}">
</HEAD><BODY BGCOLOR="#ffffff">
<TABLE WIDTH="100%" BORDER=0><TR><TD COLSPAN=2><FONT SIZE=5><B>{e(meta['outlet'])}</B></FONT><BR>
<FONT SIZE=1>{" | ".join(SECTIONS)}</FONT></TD></TR>
<TR><TD WIDTH="160" VALIGN=top><FONT SIZE=2><B>Sections</B><BR>{"<BR>".join(SECTIONS)}<BR><BR><B>Archive</B><BR>2024<BR>2023</FONT></TD>
<TD VALIGN=top><FONT FACE="Arial" SIZE=4><B>{e(meta['title'])}</B></FONT><BR>
<FONT SIZE=2><I>By {e(meta['author'])}, {meta['date_human']}</I></FONT><P>
<TABLE ALIGN=right><TR><TD><IMG SRC="/img/{k}.gif"><BR><FONT SIZE=1>{e(cap)} {e(credit)}</FONT></TD></TR></TABLE>
<FONT FACE="Arial" SIZE=2>
{body}
</FONT><P>
<FONT SIZE=1><A HREF="/print/{k}">Printer-friendly version</A> | <A HREF="/mail/{k}">E-mail this story</A></FONT>
<P><FONT SIZE=2><B>Other headlines</B><BR>{"<BR>".join(f'<A HREF="#">{e(RELATED[(k + i) % 10])}</A>' for i in range(5))}</FONT>
</TD></TR>
<TR><TD COLSPAN=2 ALIGN=center><FONT SIZE=1>Copyright &copy; 2024 {e(meta['outlet'])}. All rights reserved. Webmaster: webmaster@{meta['host']}</FONT></TD></TR></TABLE>
</BODY></HTML>"""


def amp(meta: dict, paras: list[str], k: int) -> str:
    cap, credit = caption_for(k)
    blocks = ps(paras)
    inserts = {0: f'<amp-img src="/i/{k}.jpg" width="800" height="450" layout="responsive" alt="{e(cap)}"></amp-img><p class="caption">{e(cap)} {e(credit)}</p>',
               1: '<amp-ad width="300" height="250" type="doubleclick" data-slot="/123/news"><div fallback>Advertisement</div></amp-ad>'}
    return f"""<!doctype html><html amp lang="en">{head(meta, '<script async src="https://cdn.ampproject.org/v0.js"></script><style amp-custom>.x{color:red}</style>')}
<body><amp-analytics type="gtag"><script type="application/json">{{"vars": {{"gtag_id": "UA-1"}}}}</script></amp-analytics>
<amp-consent id="consent" layout="nodisplay"><div class="consent-ui"><p>{e("We and our partners use cookies to personalise ads and measure traffic. Do you accept?")}</p><button on="tap:consent.accept">Accept</button><button on="tap:consent.reject">Reject</button></div></amp-consent>
<header class="amp-header"><a href="/">{e(meta['outlet'])}</a><button on="tap:sidebar.toggle">Menu</button></header>
<amp-sidebar id="sidebar" layout="nodisplay">{nav(SECTIONS)}</amp-sidebar>
<article class="amp-article">
<h1 class="amp-title">{e(meta['title'])}</h1>
<div class="amp-meta"><span class="amp-author">{e(meta['author'])}</span> · <span class="amp-date">{meta['date_human']}</span></div>
<amp-social-share type="twitter"></amp-social-share><amp-social-share type="facebook"></amp-social-share>
{interleave(blocks, inserts)}
<div class="amp-read-more"><a href="{e(meta['url'])}">View full site</a></div>
</article>
{related_list(k, 3, "You may also like")}
<footer><p>© {e(meta['outlet'])} 2024</p></footer>
</body></html>"""


def magazine(meta: dict, paras: list[str], k: int) -> str:
    cap, credit = caption_for(k)
    blocks = ps(paras)
    inserts: dict[int, str] = {}
    if len(paras) > 2:
        quote = paras[1].split(". ")[0].rstrip(".") + "."
        inserts[1] = f'<blockquote class="pullquote"><p>{e(quote)}</p></blockquote>'
    if len(paras) > 4:
        inserts[3] = '<h2 class="subhead">What happens next</h2>'
    inserts[0] = (f'<figure class="wide"><picture><img src="/f/{k}.jpg"></picture><figcaption><span class="caption-text">{e(cap)}</span>'
                  f'<span class="photo-credit">{e(credit)}</span></figcaption></figure>')
    expected_subheads = ["What happens next"] if len(paras) > 4 else []
    meta["subheads"] = (3, expected_subheads)
    return f"""<!DOCTYPE html><html lang="en-GB">{head(meta)}
<body class="longform">
<div class="paywall-banner"><p>You have 2 free articles left this month. <a href="/subscribe">Subscribe now</a> for unlimited access.</p></div>
<div class="site-header"><div class="logo">{e(meta['outlet'])} Magazine</div>{nav(["Features", "Long reads", "Culture", "Ideas", "Podcasts"])}</div>
<article class="feature" itemscope itemtype="https://schema.org/Article">
<div class="feature-hero"><p class="rubric">The long read</p><h1 itemprop="headline">{e(meta['title'])}</h1>
<p class="standfirst-credit">Words by <span itemprop="author">{e(meta['author'])}</span></p>
<p class="pubdate"><time itemprop="datePublished" datetime="{meta['date']}">{meta['date_human']}</time> · 6 min read</p></div>
<div class="feature-body" itemprop="articleBody">
{interleave(blocks, inserts)}
</div>
<div class="author-bio"><img src="/a/{k}.jpg"><p>{e(meta['author'])} is a senior writer at {e(meta['outlet'])} covering cities and the environment.</p></div>
<div class="feature-share">Share this article <a>Facebook</a> <a>X</a> <a>LinkedIn</a></div>
</article>
<section class="recommended"><h2>Recommended for you</h2>{"".join(f'<article class="teaser"><h3><a href="#">{e(RELATED[(k + i) % 10])}</a></h3><p>By {AUTHORS[(k + i) % 10]}</p></article>' for i in range(3))}</section>
{comments_section(k + 1)}
{footer(meta)}
</body></html>"""


def regional(meta: dict, paras: list[str], k: int) -> str:
    cap, credit = caption_for(k)
    blocks = ps(paras)
    inserts = {0: f'<div class="inline-image"><img src="/x/{k}.jpg"><p class="img-caption">{e(cap)} Picture: {e(credit.split(": ")[-1])}</p></div>'}
    if len(blocks) > 2:
        inserts[1] = f'<p class="read-also"><a href="/r/{k}"><b>READ MORE: {e(RELATED[(k + 1) % 10])}</b></a></p>'
    if len(blocks) > 5:
        inserts[4] = newsletter(k)
    return f"""<!DOCTYPE html><html>{head(meta, og=True, ld=False)}
<body>
<div class="cmp-overlay"><div class="cmp-dialog" role="dialog"><h2>We value your privacy</h2><p>{e("We and our partners store and/or access information on a device, such as cookies, and process personal data for personalised ads and content, ad and content measurement, audience insights and product development.")}</p><button>I Accept</button><button>Show Purposes</button></div></div>
<div class="top-strip"><span>Tuesday, 5 March 2024</span> <a>Jobs</a> <a>Dating</a> <a>Announcements</a> <a>Public notices</a></div>
<div class="header"><a class="brand" href="/">{e(meta['outlet'])}</a>{nav(["News", "Sport", "What's On", "Business", "Your Say", "Photos"])}</div>
<div class="breaking-ticker"><span>BREAKING</span> {e(RELATED[(k + 2) % 10])}</div>
<div class="page"><div class="article-wrap">
<h1 class="headline">{e(meta['title'])}</h1>
<div class="meta"><span class="author">By {e(meta['author'])}</span><span class="role">Chief Reporter</span><span class="time">{meta['date_human']}</span></div>
<div class="article-text">
{interleave(blocks, inserts)}
</div>
<div class="article-footer"><p>Have you got a story? Email newsdesk@{meta['host']} or call 0123 456 789.</p></div>
<div class="most-popular"><h3>Most popular</h3><ol>{"".join(f'<li><a href="#">{e(RELATED[(k + i + 3) % 10])}</a></li>' for i in range(5))}</ol></div>
</div>
<div class="sidebar"><div class="weather">Today: 12°C, light rain</div><div class="ad">Advertisement</div></div></div>
<div class="comments-wrap"><h3>Join the conversation</h3>{comments_section(k + 2)}<p class="house-rules">Comments are subject to our community guidelines.</p></div>
<div class="footer">{footer(meta)}</div>
</body></html>"""


def wire(meta: dict, paras: list[str], k: int) -> str:
    blocks = ps(paras)
    return f"""<!DOCTYPE html><html lang="en">{head(meta, og=False)}
<body>
<div class="wire-top"><a href="/">{e(meta['outlet'])} Wire</a> <a href="/markets">Markets</a> <a href="/world">World</a> <a href="/tech">Technology</a> <a href="/login">Log in</a></div>
<div class="story-container"><div class="story-head"><h1>{e(meta['title'])}</h1>
<div class="story-meta">{meta['date_human']} · Updated 2 hours ago</div>
<div class="story-authors">By {e(meta['author'])}</div>
<div class="story-meta">{max(2, len(" ".join(paras).split()) // 200)} minute read</div></div>
<div class="story-body">
{chr(10).join(blocks)}
<p class="story-credits">Reporting by {e(meta['author'])}; Editing by {AUTHORS[(k + 3) % 10]}</p>
<p class="trust">Our Standards: The Trust Principles.</p>
</div>
<div class="story-related"><h4>Read Next</h4>{"".join(f'<a href="#">{e(RELATED[(k + i) % 10])}</a>' for i in range(3))}</div>
</div>
<div class="wire-foot"><p>All quotes delayed a minimum of 15 minutes.</p><p>© 2024 {e(meta['outlet'])}. All rights reserved</p></div>
</body></html>"""


def portal(meta: dict, paras: list[str], k: int) -> str:
    cap, credit = caption_for(k)
    blocks = ps(paras)
    inserts = {0: f'<div class="photo"><img src="/p/{k}.jpg"><div class="photo-caption">{e(cap)}<em>{e(credit)}</em></div></div>'}
    if len(blocks) > 3:
        inserts[2] = (f'<div class="embedded-card"><article class="card"><a href="#"><h4>{e(RELATED[(k + 4) % 10])}</h4>'
                      '<p>Catch up on everything that happened this week.</p></a></article></div>')
    return f"""<!DOCTYPE html><html lang="en">{head(meta)}
<body>
<div id="gdpr" class="notice-bar">We use cookies and similar technologies. <a>Learn more</a> <a>OK</a></div>
<div class="portal-top">{nav(SECTIONS + ["Shopping", "Horoscopes", "Games"])}<div class="search"><input placeholder="Search"></div></div>
<div class="layout">
<div class="left-rail">{"".join(f'<article class="rail-card"><a href="#">{e(RELATED[(k + i) % 10])}</a></article>' for i in range(4))}</div>
<div class="content" role="main">
<div class="article" id="article-{k}">
<h1>{e(meta['title'])}</h1>
<div class="by">{e(meta['author'])} · {e(meta['outlet'])} · {meta['date_human']}</div>
<div class="text">
{interleave(blocks, inserts)}
</div>
<div class="reactions">What do you think? <span>👍 24</span> <span>😮 3</span> <span>😡 1</span></div>
</div>
{comments_section(k + 3)}
</div>
<div class="right-rail">{related_list(k + 1, 4, "Top stories")}<div class="ad">Sponsored</div></div>
</div>
{footer(meta)}
</body></html>"""


LONG_CAPTIONS = [
    "Firefighters and volunteers worked through the night to move residents from the flooded streets "
    "near the river, where the water rose by more than a metre in two hours.",
    "The former textile mill, which employed 2,000 people at its peak, has stood empty since the last "
    "owners closed it in 2009 and moved production abroad.",
    "Members of the committee listened to evidence from local businesses at a packed public meeting "
    "in the town hall on Thursday evening.",
]


def cms(meta: dict, paras: list[str], k: int) -> str:
    """A CMS that pretty-prints its HTML (newlines inside paragraphs) and writes long captions."""
    def wrapped(text: str) -> str:
        words, lines, line = e(text).split(), [], []
        for w in words:
            line.append(w)
            if len(line) == 9:
                lines.append(" ".join(line))
                line = []
        if line:
            lines.append(" ".join(line))
        return "\n        ".join(lines)

    blocks = [f"      <p>\n        {wrapped(p)}\n      </p>" for p in paras]
    cap = LONG_CAPTIONS[k % 3]
    inserts = {0: (f'      <div class="media-block">\n        <img src="/m/{k}.jpg" alt="">\n'
                   f'        <div class="media-caption">\n          {wrapped(cap)}\n        </div>\n'
                   f'        <div class="media-credit">Photo: {AUTHORS[(k + 4) % 10]}/Staff</div>\n      </div>')}
    if len(blocks) > 3:
        inserts[2] = (f'      <div class="inline-promo">\n        <span>Related coverage</span>\n'
                      f'        <a href="/p/{k}">{e(RELATED[(k + 6) % 10])}</a>\n      </div>')
    return f"""<!DOCTYPE html>
<html lang="en">
  {head(meta)}
  <body>
    <div class="cookie-notice">
      <p>
        {wrapped("We use cookies and similar technologies to run this site, to understand how it is used and to show you relevant advertising.")}
      </p>
      <button>Got it</button>
    </div>
    <header class="top">
      <a href="/" class="brand">{e(meta['outlet'])}</a>
      {nav(SECTIONS)}
    </header>
    <div class="main-column">
      <div class="article-header">
        <ul class="breadcrumbs"><li><a href="/">Home</a></li><li><a href="/news">{e(meta['section'])}</a></li></ul>
        <h1 class="article-title">
          {e(meta['title'])}
        </h1>
        <div class="article-byline">
          By <a href="/staff/{k}">{e(meta['author'])}</a>, Staff writer
        </div>
        <div class="article-date">Published {meta['date_human']}</div>
      </div>
      <div class="article-body">
{interleave(blocks, inserts)}
      </div>
      <div class="article-tags">Tags: <a>{e(meta['section'])}</a> <a>Local</a></div>
    </div>
    {comments_section(k + 4)}
    {footer(meta)}
  </body>
</html>
"""


def splitbody(meta: dict, paras: list[str], k: int) -> str:
    """The body in two containers, cut by a subscription box and a video player."""
    half = max(1, len(paras) // 2)
    first, second = ps(paras[:half]), ps(paras[half:])
    return f"""<!DOCTYPE html><html lang="en">{head(meta)}
<body><div class="page">
<div class="masthead"><a href="/">{e(meta['outlet'])}</a>{nav(SECTIONS[:7])}</div>
<article class="story">
<h1>{e(meta['title'])}</h1>
<div class="meta"><span class="by">{e(meta['author'])}</span> <span class="when">{meta['date_human']}</span></div>
<section class="story-part" data-part="1">
{chr(10).join(first)}
</section>
<div class="subscribe-box"><h3>Support independent journalism</h3><p>Our reporting is free to read, but it is not free to produce. Subscribe today from just £1 a week and help us keep it that way.</p><a class="btn">Subscribe</a></div>
<div class="video-player"><div class="video-title">Watch: {e(RELATED[(k + 5) % 10])}</div><div class="video-duration">02:14</div></div>
<section class="story-part" data-part="2">
{chr(10).join(second)}
</section>
</article>
{related_list(k + 3, 4, "More from " + meta['outlet'])}
{footer(meta)}
</div></body></html>"""


BUILDERS = {name: globals()[name] for name in STYLES + EXTRA_STYLES}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        old.unlink()
    for k, (name, title, paras) in enumerate(bodies()):
        style = STYLES[k % len(STYLES)]
        outlet, host = OUTLETS[k % len(OUTLETS)]
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        month, day = 1 + (k * 5) % 12, 1 + (k * 7) % 28
        meta = {"title": title, "author": AUTHORS[k % len(AUTHORS)], "outlet": outlet, "host": host,
                "date": f"2024-{month:02d}-{day:02d}T{8 + k % 10:02d}:30:00Z",
                "date_human": f"{day} {MONTHS[month - 1]} 2024",
                "url": f"https://www.{host}/news/2024/{month:02d}/{slug}", "section": ["News", "Politics", "Business", "Health"][k % 4]}
        page = BUILDERS[style](meta, paras, k)
        body = list(paras)
        if "subheads" in meta:
            at, heads = meta.pop("subheads")
            body = body[: at + 1] + heads + body[at + 1:]
        stem = f"{k:02d}_{style}_{name}"
        (OUT / f"{stem}.html").write_text(page, encoding="utf-8")
        (OUT / f"{stem}.body.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
        expect = {key: meta[key] for key in ("title", "author", "outlet", "url")}
        expect["date"] = meta["date"][:10]
        expect["style"] = style
        expect["held_out"] = style in HELD_OUT_STYLES
        (OUT / f"{stem}.meta.json").write_text(json.dumps(expect, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    extra = len(bodies())
    for k, (name, title, paras) in enumerate(bodies()):
        style = EXTRA_STYLES[k % 3] if k % 3 < len(EXTRA_STYLES) else None
        if style is None:
            continue
        n = extra + k
        outlet, host = OUTLETS[n % len(OUTLETS)]
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
        month, day = 1 + (n * 5) % 12, 1 + (n * 7) % 28
        meta = {"title": title, "author": AUTHORS[n % len(AUTHORS)], "outlet": outlet, "host": host,
                "date": f"2024-{month:02d}-{day:02d}T{8 + n % 10:02d}:30:00Z",
                "date_human": f"{day} {MONTHS[month - 1]} 2024",
                "url": f"https://www.{host}/news/2024/{month:02d}/{slug}", "section": ["News", "Politics", "Business", "Health"][n % 4]}
        page = BUILDERS[style](meta, paras, n)
        stem = f"{n:02d}_{style}_{name}"
        (OUT / f"{stem}.html").write_text(page, encoding="utf-8")
        (OUT / f"{stem}.body.txt").write_text("\n".join(paras) + "\n", encoding="utf-8")
        expect = {key: meta[key] for key in ("title", "author", "outlet", "url")}
        expect.update(date=meta["date"][:10], style=style, held_out=False)
        (OUT / f"{stem}.meta.json").write_text(json.dumps(expect, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
