"""Rules that tell a clutter line on its own: phrases that recur on news sites, and line shapes.

Phrases are matched against the whole (normalised) line, never inside a
sentence, and are drawn from the furniture of many sites (BBC, Reuters, AP, CNN,
Guardian, NYT, Al Jazeera, DW, Dawn, wire and press-release services). Every
regex is anchored or bounded and runs on one short line at a time.
"""

from __future__ import annotations

import re

from workbench.ingest.bylines import is_byline, is_name_list
from workbench.ingest.dates import is_date_line
from workbench.ingest.textlines import MAX_RULE_LINE, Line, has_terminal

NAVIGATION = "navigation"
SECTION_LABEL = "section label"
BYLINE = "byline"
DATELINE = "dateline"
CAPTION = "caption"
MEDIA = "media"
CREDITS = "credits"
RELATED = "related links"
SHARE = "share buttons"
ADVERT = "advertisement"
SUBSCRIBE = "subscribe prompt"
COOKIES = "cookie notice"
COPYRIGHT = "copyright"
LINKS = "links"
RULE = "horizontal rule"
FRONT_MATTER = "front matter"
ARTICLE_INFO = "article info"
AUTHOR_BIO = "author bio"
CONTACT = "contact details"
END_MARK = "end mark"

PHRASES: dict[str, str] = {}


def _add(reason: str, phrases: str) -> None:
    for phrase in phrases.split("|"):
        phrase = " ".join(phrase.split())
        if phrase:
            PHRASES[phrase] = reason


_add(NAVIGATION, """menu|main menu|open menu|close menu|toggle navigation|navigation|
    main navigation|site navigation|section navigation|navigation menu|home|homepage|
    back to home|back to homepage|go to homepage|search|close|back to top|go to top|
    return to top|jump to|sections|all sections|next article|previous article|
    next story|previous story|sign in|log in|login|log out|sign out|register|
    my account|account|edition|change edition|select edition|international edition|
    show more|load more|see all|view all|see more|view more|more|expand|collapse|
    live tv|watch live|privacy policy|privacy notice|terms of use|terms of service|
    terms and conditions|terms & conditions|cookie policy|cookie settings|
    privacy settings|manage preferences|manage cookies|accept all|reject all|
    accept|i agree|about us|contact us|imprint|legal notice|accessibility|
    accessibility help|careers|advertise with us|advertise|site map|sitemap|
    site index|help|feedback|faq|ad choices|adchoices|
    do not sell my personal information|do not sell or share my personal information|
    your privacy choices|ethics policy|rss|rss feeds|apps|e-paper|epaper|
    key events|show key events only|all rights reserved|today's paper|order reprints|
    print subscriptions|search jobs|jobs|dating|crosswords|games|newsletters|podcasts|
    accessibility links|go to accessibility shortcuts|keyboard shortcuts""")
_add(SHARE, """share|share this|share this article|share this story|share article|
    share story|share page|share via|share on|share now|share full article|
    facebook|twitter|x|whatsapp|linkedin|email|e-mail|email this|copy|copy link|
    copy url|copy article link|link copied|copied|tweet|pinterest|reddit|telegram|
    messenger|flipboard|print|print article|print this page|save|save article|
    save story|saved|gift article|gift this article|listen|listen to this article|
    listen to article|comments|comment|view comments|show comments|leave a comment|
    join the conversation|bookmark|font size|text size|aa|a a|send|reuse this content|
    save articles to read later and create your own reading list|post comment|
    post a comment|start a conversation|add a comment|download|embed|playlist|
    add to playlist|transcript|show transcript|like this|loading|leave a reply|
    cancel reply|leave a comment|post navigation|share this:|view this post on instagram|
    story continues|continue reading this article""")
_add(ADVERT, """advertisement|advertisements|advert|ad|ads|sponsored|sponsored content|
    promoted|promoted content|paid content|paid post|partner content|
    story continues below advertisement|article continues below advertisement|
    article continues below|continue reading below|continue reading|
    continue reading the main story|scroll to continue with content|
    scroll to continue|remove ads|ad feedback|content continues below|
    supported by|report this ad|story continues below|
    article continues after this advertisement|sponsor message|sponsored message""")
_add(SUBSCRIBE, """subscribe|subscribe now|sign up|sign up now|newsletter|
    get our newsletter|sign up for our newsletter|subscribe to our newsletter|
    download the app|get the app|download our app|follow us|support us|
    support our journalism|donate|become a member|already a subscriber?|
    already a subscriber|already have an account?|register for free|
    create an account|create a free account|try for free|start free trial|
    get alerts|turn on notifications|enable notifications""")
_add(CREDITS, """our standards: the thomson reuters trust principles|
    for immediate release|source: news agencies|source: agencies""")
_add(MEDIA, """play|play video|watch|watch video|watch now|video|audio|listen now|
    click to play|tap to play|replay|pause|mute|unmute|now playing|up next video|
    video unavailable|video player|gallery|photo gallery|view gallery|
    launch gallery|open gallery|enlarge image|enlarge this image|image|photo|
    this browser does not support the video element|
    this browser does not support the audio element|
    your browser does not support the video tag|
    your browser does not support the audio element|
    your browser does not support the video element|
    media playback is unsupported on your device|
    media playback is not supported on this device|
    please enable javascript to view this content|please enable javascript|
    javascript is disabled|to view this video please enable javascript""")
# Headings that open a block of links to other stories.
_add(RELATED, """related|related stories|related articles|related article|related content|
    related coverage|related news|related topics|related links|related reading|
    related videos|suggested topics|suggested stories|more stories|more news|
    more on this story|more on this topic|more on these topics|
    explore more on these topics|explore more on this topic|more like this|
    more to explore|top stories|top story|top news|top headlines|most read|
    most popular|most viewed|most shared|most watched|most commented|trending|
    trending now|trending stories|popular now|popular stories|recommended|
    recommended for you|recommended stories|recommended reading|you may also like|
    you might also like|you may be interested in|you might be interested in|
    you may have missed|read more|read next|what to read next|also read|see also|
    further reading|explore more|in other news|watch next|up next|around the web|
    from around the web|from our partners|topics|tags|editor's picks|
    editors' picks|editor's choice|latest stories|latest news|latest|more videos|
    don't miss|must read|more from this author|more by this author|keep reading|
    what we're reading""")

# The end of a list of links; the block that a heading opened stops here.
BLOCK_END = re.compile(r"^end of (?:list|section|related|recommendations)$")
RELATED_HEADING = re.compile(
    r"^(?:[\w'&. -]{1,30}'s? )?(?:top|more|related|latest|recommended|popular|trending|"
    r"featured|suggested) (?:stor(?:y|ies)|news|articles?|reads?|videos?|coverage|content|"
    r"topics?|links|headlines)(?: (?:from|on|in|at|about) [\w'&. -]{1,40})?$"
)
# "Read more: <headline>" is one link; a bare "Read more" heading opens a block.
INLINE_RELATED = re.compile(
    r"^(?:read more|read next|also read|see also|also see|related|related article|"
    r"related story|related content|more|recommended|read also|read|click here|"
    r"must read|don't miss)\s*(?::|\||»|›|>|–|—|-)\s*\S.{0,200}$"
)
_SKIP = re.compile(r"^skip (?:to|next|past|over|navigation|nav|links|ad|ads|advert|section|intro)\b")
_PREFIX_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^share (?:this |the )?(?:article |story |page |video )?(?:on|via|to) [\w .+-]{1,30}$"), SHARE),
    (re.compile(r"^comments?\s*\(?\d{1,7}\)?$|^\d{1,7} comments?$"), SHARE),
    (re.compile(r"^listen to (?:this )?(?:article|story)\b.{0,40}$"), SHARE),
    (re.compile(r"^(?:sign up|subscribe|register) (?:for|to|now|here|today)\b.{0,90}$"), SUBSCRIBE),
    (re.compile(r"^follow (?:us|[\w.'& -]{1,40}) on (?:twitter|x|facebook|instagram|tiktok|linkedin|youtube|threads|bluesky|whatsapp|telegram|mastodon|google news)\b.{0,60}$"), SUBSCRIBE),
    (re.compile(r"^(?:get|receive|read) (?:our|the) [\w' -]{0,40}newsletter\b.{0,60}$"), SUBSCRIBE),
    (re.compile(r"^(?:download|get) (?:the|our) [\w' -]{0,30}app\b.{0,60}$"), SUBSCRIBE),
    (RELATED_HEADING, RELATED),
    (re.compile(r"^more (?:from|on|in|about|by) [\w'&. -]{1,40}$"), RELATED),
    (re.compile(r"^list(?: \d{1,3})? of \d{1,3}(?: items?)?$"), RELATED),
    (INLINE_RELATED, RELATED),
    (re.compile(r"^(?:watch|video|listen|audio|watch live|gallery|in pictures|in photos|photos|pictures|podcast)\s*(?::|\||–|—|-)\s*\S.{0,200}$"), MEDIA),
    (re.compile(r"^(?:click|tap) here\b.{0,100}$"), LINKS),
    (re.compile(r"^heard on [\w'&. -]{1,40}$"), MEDIA),
    (re.compile(r"^click to (?:share|email|print|tweet)\b.{0,60}$"), SHARE),
    (re.compile(r"^(?:posted in|filed under|tagged(?: with)?|categories|category|tags|topics)\s*:?\s+\S.{0,150}$"), RELATED),
    (re.compile(r"^a post shared by .{1,80}$"), MEDIA),
    (re.compile(r"^pic\.twitter\.com/\w{1,40}$"), MEDIA),
    (re.compile(r"^(?:video )?duration:?\s*(?:\d{1,2}:)?\d{1,2}:\d{2}\b.{0,12}$"), MEDIA),
    (re.compile(r"^(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)[ -](?:min|mins|minute|minutes)(?: read| listen| watch)?$"), ARTICLE_INFO),
    (re.compile(r"^(?:reading|read|listening) time:?\s*\d{1,3}\s*(?:min|mins|minutes)\b.{0,10}$"), ARTICLE_INFO),
    (re.compile(r"^(?:media|press|news) (?:contacts?|enquiries|inquiries)\b.{0,60}$"), CONTACT),
)
DURATION = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*(?:min|mins|minutes))?$")
# Short words that name furniture, inside a short line ("Site Information Navigation").
_FURNITURE_WORD = re.compile(r"\b(?:navigation|menu|breadcrumbs?|accessibility|shortcuts)\b")

# Cookie banners are sentences, so they are found by their opening or their words.
_COOKIE_OPENING = re.compile(
    r"^(?:we use cookies|we and our partners use|this (?:web)?site uses cookies|"
    r"by (?:using|continuing|clicking|browsing)\b.{0,80}\b(?:cookies|privacy)|"
    r"we care about your privacy|your privacy matters|we value your privacy)"
)
_COOKIE_WORDS = re.compile(r"\bcookies?\b.{0,120}\b(?:accept|consent|settings|preferences|policy)\b")

# The signature line under an embedded post: "— Jane Roe (@janeroe) March 2, 2024".
_EMBED_SIGNATURE = re.compile(r"^[—–-]\s*[^\n]{1,80}\(@\w{1,30}\)[^\n]{0,40}$")
# "Posted on March 3, 2024 by Jane Roe"
_POSTED_BY = re.compile(r"^(?i:posted|published|written|updated)(?: on)?\s+(.{4,60}?)\s+(?i:by)\s+(.{2,80})$")
# Notices that are whole sentences, told by how they open.
_NOTICE_OPENING = re.compile(
    r"^(?:your email address will not be published|required fields are marked|"
    r"comments are (?:closed|moderated)|you must be logged in to post a comment|"
    r"sign up (?:for|to) (?:our|the) [\w' -]{0,40}newsletter|"
    r"subscribe to (?:our|the) [\w' -]{0,40}newsletter|"
    r"get (?:our|the) [\w' -]{0,40}newsletter|"
    r"already (?:a subscriber|have an account)|"
    r"you have reached your (?:limit|maximum) of free articles|"
    r"thank you for (?:reading|subscribing|signing up)|"
    r"we hope you enjoyed this article|"
    r"support (?:independent|our|quality) journalism)"
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b")
_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:edited|editing|reporting|additional reporting|writing|written|compiled|"
    r"produced|translated|translation|graphics|illustrations?|design|photography|"
    r"photos?|video|research|fact[- ]?checked|reviewed|sub-?edited|interviews?|"
    r"reported|story|text|words)\s+by\b\s*(:)?\s*(.*)$",
    re.I,
)
_CONTRIBUTED = re.compile(r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b", re.I)
_ORIGINALLY = re.compile(
    r"^(?:this|the) (?:article|story|report|piece|version)\b.{0,40}\b(?:was|has been|is)\b"
    r".{0,20}\b(?:originally |first )?(?:published|updated|corrected|amended|produced|"
    r"adapted|republished)\b",
    re.I,
)
_IN_PRINT = re.compile(
    r"^(?:(?i:a version of this (?:article|story|report) (?:appears|appeared|was published))|"
    r"(?i:(?:first |originally )?published in (?:the )?)[A-Z][\w'&. -]{0,40},\s.{0,40}\d{4}\.?$)"
)
_WIRE_SOURCE = re.compile(r"^SOURCE [A-Z][\w'&.,() -]{1,80}$")
_END_MARK = re.compile(r"^(?:#{3}|-\s?30\s?-|-\s?ends?\s?-|ends|\*\*\*)$", re.I)
_EMAIL = re.compile(r"^(?:e-?mail:\s*)?[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}$", re.I)
_PHONE = re.compile(r"^(?:(?:tel|phone|mobile|ph)\.?:?\s*)?\+?[\d][\d\s().-]{6,20}$", re.I)

# A caption ends with its credit: "... Image: STR/AFP", "Photograph: J Doe/Reuters",
# "REUTERS/Jane Doe", "(AP Photo/John Roe)", "Credit...Jane Doe for The Times",
# "[File: Jane Doe/Reuters]", "— AFP/File", "Paul Roe/Anadolu/Getty Images".
_AGENCIES = (
    r"(?:getty images|afp|reuters|ap|ap photo|associated press|epa|epa-efe|efe|dpa|"
    r"picture[- ]alliance|shutterstock|alamy|xinhua|anadolu(?: agency)?|bloomberg|"
    r"pool|handout|ansa|tass|sputnik|ria novosti|imago|pa|pa images|pa wire|"
    r"sopa images|nurphoto|zuma|zuma press|ddp|kyodo|yonhap|aap|bbc|cnn|nyt|"
    r"the new york times|the washington post|al jazeera|dw|wikimedia commons|"
    r"file|courtesy|supplied|social media|x|twitter|facebook|instagram|youtube|"
    r"telegram|tiktok|unsplash|istock|istockphoto)"
)
_CREDIT_LABEL = re.compile(
    r"(?:^|[\s(\[])(?:image|images|photo|photos|photograph|photographs|picture|pictures|"
    r"foto|credit|credits|illustration|graphic|video|footage|source|image source|"
    r"photo credit|image credit)\s*(?::|\.\.\.|…)\s*([^\s].{0,90})$",
    re.I,
)
_AGENCY_END = re.compile(
    r"(?:/|\bvia |[(\[|]\s*|[—–-]\s)" + _AGENCIES + r"(?:/[\w. '-]{1,40})?\s*[)\]]?$", re.I
)
_AGENCY_ONLY = re.compile(_AGENCIES + r"(?:/[\w. '-]{1,40})?", re.I)
_AGENCY_SLASH = re.compile(r"(?<![/.\w])(?:reuters|ap photo|afp photo|epa|xinhua|ansa|pa)/\S", re.I)
_BBC_CAPTION = re.compile(r"^(?:image|video|media|photo) (?:caption|source|credit)s?\s*[,:]", re.I)
_LABEL_FIRST = re.compile(r"^(?:image|photo|photograph|picture|credit|illustration|source|footage)s?\s*:", re.I)
_SENTENCE_TAIL = re.compile(r"""[a-z]{2}[.!?]["'”’]?$""")
_NEW_TAB = re.compile(r",?\s*\(?opens (?:in )?(?:a )?new (?:tab|window)\)?$", re.I)
_LICENSING = re.compile(r"\s*purchase licensing rights$", re.I)

# Markdown furniture.
_MD_IMAGE = re.compile(r"^\[?!\[[^\]\n]{0,500}\]\([^)\n]{0,2000}\)(?:\]\([^)\n]{0,2000}\))?$")
_MD_LINK_ONLY = re.compile(r"^(?:[-*+]\s+|\d{1,3}[.)]\s+)?\[[^\]\n]{1,500}\]\([^)\n]{1,2000}\)$")
_MD_RULE = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,})$")
_BARE_URL = re.compile(r"^<?(?:https?://|www\.)\S{1,2000}>?$", re.I)

BULLET = re.compile(r"^(?:[-*+•·–—>▪►]+\s*|\d{1,2}[.)]\s+)")
# Parts of a compound line: "Advertisement · Scroll to continue", "Share | Save".
_PART_SEP = re.compile(r"\s*[|·•]\s*|\s+[-–—/]\s+")


def _strip_link_suffixes(text: str) -> str:
    """Drop the screen-reader tails "opens new tab" and "Purchase Licensing Rights"."""
    tail = text[-40:].lower()
    if "new tab" in tail or "new window" in tail:
        text = _NEW_TAB.sub("", text)
    if text[-9:].lower() == "ng rights":
        text = _LICENSING.sub("", text)
    return text


def norm(text: str) -> str:
    """Lower-case, bullet-free, trailing-arrow-free form of a line for phrase lookup."""
    s = _strip_link_suffixes(text)
    s = BULLET.sub("", s, count=1).strip().strip("*_")
    s = s.rstrip(":»›→|•·>-–—.! ").strip().lower().replace("’", "'")
    return " ".join(s.split())


def _credit_names(rest: str) -> bool:
    cleaned = re.sub(r"\b(?:editing|writing|reporting|additional reporting)\s+by\b", ",", rest, flags=re.I)
    return bool(rest) and is_name_list(cleaned.strip(" ,;()."))


def _credit_like(rest: str) -> bool:
    """The part after "Image:" looks like a credit: names, agencies, slashes; not a clause."""
    words = rest.replace("/", " ").split()
    if not words or len(words) > 12:
        return False
    allowed = {"via", "for", "and", "of", "the", "de", "von", "van", "al", "bin", "news", "agencies", "wires", "file"}
    return sum(1 for w in words if w[:1].islower() and w not in allowed) <= 1


def is_caption(text: str) -> bool:
    """A caption or photo credit line (the credit sits at its end, or it starts with a label)."""
    if _BBC_CAPTION.match(text):
        return True
    if _SENTENCE_TAIL.search(text[-6:]):
        return False  # a sentence ending, not a credit
    if _AGENCY_ONLY.fullmatch(text):
        return True
    tail = _strip_link_suffixes(text)[-140:]
    if len(text) > 140:
        tail = tail[tail.find(" ") + 1:]  # start on a word, so ^ means a word start
    if _SENTENCE_TAIL.search(tail):
        return False
    if re.search(r"\bcredit\s*(?:\.\.\.|…)", tail, re.I):
        return True
    m = _CREDIT_LABEL.search(tail)
    if m and _credit_like(m.group(1)):
        return True
    if _AGENCY_SLASH.search(tail[-100:]):
        return True
    return bool(_AGENCY_END.search(tail))


def _single_rule(text: str, words: int) -> str | None:
    """The rules for one line or one part of a compound line."""
    n = norm(text)
    sentence = has_terminal(text) and not text.endswith(("...", "…"))
    reason = PHRASES.get(n)
    # "I agree." and "Listen." are speech; a long notice may end with a full stop.
    if reason and (not sentence or words >= 4):
        return reason
    if text.endswith(("...", "…")) and n.startswith("search") and words <= 5:
        return NAVIGATION  # a search box's placeholder
    skip = _SKIP.match(n)
    if skip and not sentence:
        # "Skip next section More stories from DW" names the block it skips.
        rest = re.sub(r"^(?:next |this |the )?(?:section|content|block)?\s*", "", n[skip.end():].strip())
        if PHRASES.get(rest) == RELATED or RELATED_HEADING.match(rest):
            return RELATED
        return NAVIGATION
    if words <= 40 and not sentence:
        for pattern, why in _PREFIX_RULES:
            if pattern.match(n):
                return why
        if words <= 5 and _FURNITURE_WORD.search(n):
            return NAVIGATION
    if words <= 24 and is_date_line(BULLET.sub("", text, count=1)) and not (sentence and "ago" in n):
        return DATELINE
    return None


def line_rule(line: Line) -> str | None:
    """The clutter reason a line has on its own, wherever it stands in the text."""
    text = line.text
    if not text or len(text) > MAX_RULE_LINE:
        return None
    if DURATION.match(text):
        return MEDIA
    if _MD_IMAGE.match(text):
        return MEDIA
    if _MD_LINK_ONLY.match(text) or _BARE_URL.match(text):
        return LINKS
    if _MD_RULE.match(text):
        return RULE
    if _END_MARK.match(text):
        return END_MARK
    if _EMAIL.match(text) or (_PHONE.match(text) and sum(c.isdigit() for c in text) >= 7):
        return CONTACT
    reason = _single_rule(text, line.words)
    if reason:
        return reason
    if _EMBED_SIGNATURE.match(text):
        return MEDIA
    m = _POSTED_BY.match(text)
    if m and is_date_line(m.group(1)) and is_name_list(m.group(2)):
        return BYLINE
    if line.words <= 16 and not has_terminal(text):
        parts = [p for p in _PART_SEP.split(text) if p.strip()]
        if len(parts) >= 2:
            found = [_single_rule(p, len(p.split())) for p in parts]
            found = [r or (BYLINE if is_byline(p, early=False) else None) for r, p in zip(found, parts)]
            if all(r or len(p.split()) <= 3 for r, p in zip(found, parts)) and any(found):
                return next(r for r in found if r)
    low = text.lower()
    if line.words <= 40 and _NOTICE_OPENING.match(low):
        return SUBSCRIBE if "subscri" in low or "sign up" in low or "newsletter" in low else SHARE
    if "cookie" in low or "privacy" in low:
        if _COOKIE_OPENING.match(low) or (line.words <= 60 and _COOKIE_WORDS.search(low)):
            return COOKIES
    if line.words <= 40 and ("©" in low or "(c)" in low or "copyright" in low or "reserved" in low):
        if _COPYRIGHT.search(low):
            return COPYRIGHT
    if line.words <= 60:
        m = _CREDIT_LINE.match(text)
        if m:
            wrapped = text.startswith("(") and text.rstrip(".").endswith(")")
            if m.group(1) or wrapped or _credit_names(m.group(2)):
                return CREDITS
        if ("contributed" in low and _CONTRIBUTED.search(text)) or _ORIGINALLY.match(text) or _IN_PRINT.match(text):
            return CREDITS
        if _WIRE_SOURCE.match(text):
            return CREDITS
    if line.words <= 80 and is_caption(text):
        return CREDITS if _LABEL_FIRST.match(text) and line.words <= 12 else CAPTION
    return None
