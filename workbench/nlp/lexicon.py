"""Word lists the claim rules read: general English and newsroom vocabulary only.

Verbs are listed by base form and expanded to their inflected forms here, because
the pipeline runs without a lemmatizer (see model.py).
"""

from __future__ import annotations

import re


class Phrases:
    """A regex guarded by cheap substring checks: most sentences contain none of
    the key strings, and a plain ``in`` test is far faster than the regex."""

    __slots__ = ("pattern", "keys")

    def __init__(self, pattern: str, keys: str, flags: int = re.IGNORECASE) -> None:
        self.pattern = re.compile(pattern, flags)
        self.keys = tuple(keys.split("|"))

    def search(self, text: str) -> re.Match[str] | None:
        # A loop of plain substring tests beats one regex alternation of the keys
        # (measured: ~5 us against ~60 us on a news sentence).
        low = text.lower()
        for key in self.keys:
            if key in low:
                return self.pattern.search(text)
        return None


def forms(bases: str, irregular: dict[str, tuple[str, ...]] | None = None) -> frozenset[str]:
    """Every inflected form of the given base verbs (regular English morphology)."""
    irregular = irregular or {}
    out: set[str] = set()
    for base in bases.split():
        out.add(base)
        out.update(irregular.get(base, ()))
        if base.endswith("e"):
            stem = base[:-1]
            out.update((base + "s", base + "d", stem + "ing"))
        elif base.endswith("y") and base[-2:-1] not in "aeiou":
            stem = base[:-1]
            out.update((stem + "ies", stem + "ied", base + "ing"))
        elif base.endswith(("s", "sh", "ch", "x", "z")):
            out.update((base + "es", base + "ed", base + "ing"))
        else:
            out.update((base + "s", base + "ed", base + "ing"))
    return frozenset(out)


IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told",),
    "write": ("wrote", "written", "writing"),
    "think": ("thought",),
    "find": ("found",),
    "hold": ("held",),
    "foresee": ("foresaw", "foreseen"),
    "forecast": ("forecast",),
    "put": ("put", "putting"),
    "ban": ("banned", "banning"),
    "bar": ("barred", "barring"),
    "admit": ("admitted", "admitting"),
    "fear": ("feared",),
    "tweet": ("tweeted",),
    "post": ("posted",),
    "sentence": ("sentenced",),
    "rule": ("ruled",),
    "commit": ("committed",),
    "sue": ("sued", "suing"),
    "jail": ("jailed",),
    "fine": ("fined",),
    "outlaw": ("outlawed",),
    "label": ("labelled", "labeled", "labelling", "labeling"),
    "kill": ("killed",),
    "elect": ("elected",),
    "name": ("named", "naming"),
    "declare": ("declared", "declaring"),
    "speak": ("spoke", "spoken"),
    "slam": ("slammed", "slamming"),
    "plead": ("pled",),
    "understand": ("understood",),
    "know": ("knew", "known"),
    "refer": ("referred", "referring"),
    "concur": ("concurred", "concurring"),
    "rumour": ("rumoured",),
    "rumor": ("rumored",),
    "prefer": ("preferred",),
    "suppose": ("supposed",),
}

# Verbs that introduce what someone said, wrote, or holds to be true.
SPEECH_VERBS = forms(
    "say tell warn claim add deny describe state announce explain insist argue note stress "
    "suggest write report confirm allege predict estimate acknowledge admit assert contend "
    "reply respond declare emphasize emphasise believe think fear expect caution complain "
    "testify concede reiterate recall observe disclose reveal tweet indicate conclude "
    "find assure maintain hope worry accuse charge point",
    IRREGULAR,
)
# Of those, the ones whose sentence is the speech act itself when no content clause
# follows ("X denied the allegations"); the others only attribute a content clause.
SAYING_VERBS = forms(
    "say tell warn claim deny describe insist argue allege assert accuse contend "
    "complain caution testify",
    IRREGULAR,
)
# Verbs that give an opinion or prediction rather than report an utterance.
COGNITION_VERBS = forms("believe think fear expect hope worry", IRREGULAR)

# Legal and official acts.
DESIGNATION_VERBS = forms(
    "designate sanction charge convict indict sentence ban outlaw blacklist proscribe "
    "prosecute acquit fine arrest sue prohibit extradite jail imprison bar rule "
    "impeach fine detain deport expel suspend disqualify",
    IRREGULAR,
)
# Verbs that are a designation only with a legal list or status beside them.
LISTING_VERBS = forms("name add list declare label classify put place brand", IRREGULAR)
LEGAL_NOUNS = frozenset(
    "terrorist terrorists terrorism blacklist list sanctions sanction embargo organisation "
    "organization entity entities watchlist persona wanted fugitive criminal criminals"
    .split()
)
# Actions whose object list names separate people or bodies ("arrested A, B and C").
LIST_ACTION_VERBS = DESIGNATION_VERBS | LISTING_VERBS | forms(
    "appoint elect nominate kill injure wound fire hire release free identify award",
    IRREGULAR,
)

# Main verbs that forecast ("analysts expect profit to recover").
PREDICTION_VERBS = forms("expect predict forecast anticipate foresee project", IRREGULAR)
PREDICTION_MODALS = frozenset("will would could might may 'll shall wo".split())
OPINION_MODALS = frozenset("should must ought".split())
PREDICTION_PHRASES = Phrases(
    r"\b(?:(?:is|are|was|were|be)\s+(?:expected|likely|set|poised|projected|forecast|due|"
    r"going|about|scheduled|slated)\s+to|(?:plans?|planned|aims?|intends?)\s+to|"
    r"in\s+the\s+(?:coming|next)\s+)\b",
    "expected|likely|set|poised|projected|forecast|due|going|about|scheduled|slated|plan|aim|intend|coming|next",
)
OPINION_PHRASES = Phrases(
    r"\b(?:(?:need|needs)\s+to|has\s+to|have\s+to|it\s+is\s+(?:time|vital|essential|"
    r"crucial|important|imperative)|in\s+(?:my|our)\s+(?:view|opinion)|we\s+(?:believe|"
    r"think|feel)|I\s+(?:believe|think|feel))\b",
    "need|has|have|it is|my|our|we|i ",
)
# Judgement words: a claim built on one of these says what is good or bad.
EVALUATIVE = frozenset(
    """good bad best worst better worse great terrible awful wrong right unacceptable
    unfair fair outrageous ridiculous shameful disgraceful disastrous dangerous reckless
    irresponsible provocative absurd wise unwise foolish brilliant excellent poor
    failed failure mistake success successful important crucial vital essential
    necessary unnecessary appropriate inappropriate justified unjustified legitimate
    illegitimate unpopular popular difficult tough serious worrying alarming
    concerning welcome regrettable tragic shocking""".split()
)

# Subjects that are third-person pronouns we try to resolve.
PERSON_PRONOUNS = frozenset("he she him her".split())
THING_PRONOUNS = frozenset("it".split())
GROUP_PRONOUNS = frozenset("they them".split())
POSSESSIVE_PRONOUNS = {"his": "person", "her": "person", "its": "thing", "their": "group"}

# Head nouns of appositions that say a name is a person ("X, an analyst, ...").
PERSON_ROLES = frozenset(
    """adviser advisor analyst expert head chief minister spokesman spokeswoman
    spokesperson official leader member secretary envoy ambassador professor lawyer
    attorney judge economist researcher scholar director president chairman chairwoman
    chair founder ceo cfo coo executive manager commander general colonel officer
    governor mayor senator lawmaker legislator politician candidate activist author
    journalist reporter editor correspondent writer scientist doctor physician
    nurse teacher student fellow lecturer historian consultant strategist diplomat
    negotiator prosecutor investigator detective inspector sheriff deputy coach
    player captain striker goalkeeper midfielder defender manager owner partner
    resident witness victim survivor mother father son daughter wife husband
    brother sister spokesperson representative rep premier chancellor king queen
    prince princess cleric imam priest bishop pastor rabbi commissioner councillor
    councilor administrator campaigner organiser organizer critic commentator
    observer specialist engineer architect designer trader investor banker
    farmer worker employee veteran soldier militant fighter aide staffer pollster surrogate
    nominee contender challenger incumbent host anchor moderator presenter surgeon
    pilot driver speaker whip congressman congresswoman councilman councilwoman
    assemblyman assemblywoman lawmaker delegate trustee treasurer auditor regulator
    superintendent principal dean provost rector vicar ombudsman coroner magistrate
    barrister solicitor counsel spokesman spokeswoman insider source
    admiral commodore brigadier marshal corporal lieutenant sergeant""".split()
)
# Singular nouns that are a person without naming a role ("the man who stood before them").
PERSON_NOUNS = frozenset("man woman boy girl person child guy gentleman lady teenager".split())
TITLES = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady president minister senator sen rep
    governor gov mayor judge justice general gen col colonel captain capt sgt sergeant
    lt lieutenant chancellor premier king queen prince princess pope sheikh imam
    ambassador secretary chairman chairwoman chief inspector detective officer coach
    rev reverend father sister brother professor admiral adm commodore brigadier marshal
    corporal cpl maj""".split()
)
# Abbreviated titles and the role each stands for ("Sen. Bernie Sanders" is a senator).
TITLE_ROLES = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
               "sec": "secretary", "pres": "president", "atty": "attorney", "capt": "captain",
               "sgt": "sergeant", "prof": "professor", "supt": "superintendent", "cmdr": "commander",
               "adm": "admiral", "cpl": "corporal", "maj": "major", "lt": "lieutenant"}

# Objects that only point at someone else's view ("X shares a similar view").
STANCE_NOUNS = frozenset("view views opinion position stance assessment sentiment concern concerns".split())
ECHO_DETERMINERS = frozenset("this that these those similar same such".split())
ECHO_PHRASE = Phrases(
    r"\b(?:shares?|shared|echo(?:es|ed)?|holds?|held|takes?|took|agrees?\s+with)\s+"
    r"(?:a\s+similar|the\s+same|this|that|similar)\s+(?:view|opinion|position|stance|sentiment)s?\b",
    "view|opinion|position|stance|sentiment",
)

# Words beside a name that tell a person's gender, so "he" and "she" can choose.
MALE_MARKERS = frozenset(
    "mr sir lord king prince duke spokesman chairman businessman congressman father son "
    "brother husband uncle grandfather boy man".split()
)
FEMALE_MARKERS = frozenset(
    "mrs ms miss dame lady queen princess duchess spokeswoman chairwoman businesswoman "
    "congresswoman mother daughter sister wife aunt grandmother girl woman".split()
)

# Given names that are almost always one gender in English-language news, for "she"
# after "Hillary Clinton" where the surname alone ("Clinton") is shared. Names used for
# both (Jordan, Taylor, Kelly, Robin, Jean, Lee, ...) are left out on purpose.
FEMALE_GIVEN_NAMES = frozenset(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa margaret
    betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah stephanie
    rebecca laura sharon cynthia kathleen amy shirley angela helen anna brenda pamela nicole emma
    samantha katherine christine debra rachel catherine carolyn janet ruth maria heather diane
    virginia julie joyce victoria olivia kelly? christina lauren joan evelyn judith megan cheryl
    andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice alice madison
    doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie diana
    brittany natalie isabella charlotte rose alexis kayla hillary nikki condoleezza nancy elena
    sonia ruth kamala elizabeth theresa angela marine nicola priti yvette harriet jacinda ursula
    christine sheryl oprah melania ivanka chelsea huma kellyanne sarah tulsi kirsten amy elise
    michele jill debbie dianne barbara susana janet loretta hope omarosa stormy alicia""".replace("kelly?", "").split()
)
MALE_GIVEN_NAMES = frozenset(
    """james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald
    edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon
    benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam
    nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry?
    gerald harold sean austin carl arthur lawrence dylan jesse jordan? bryan billy joe bruce gabriel
    logan albert willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason
    philip louis barack bernie bill mitt marco ted jeb rand chris newt mike tim joe hillary?
    boris vladimir emmanuel justin xi narendra recep benjamin bashar kim? jeremy keir rishi nigel
    tony gordon david theresa? jeh reince sean rudy rex jared eric steve stephen kellyanne? lindsey?
    mitch harry chuck nancy? paul rick ben jim tom bob dick al dan ron""".split()
)
MALE_GIVEN_NAMES = frozenset(w for w in MALE_GIVEN_NAMES if not w.endswith("?"))
FEMALE_GIVEN_NAMES = FEMALE_GIVEN_NAMES - MALE_GIVEN_NAMES

# Sentence-initial connectives that tie a sentence to the one before it.
CONNECTIVES = frozenset(
    """but and so yet still however meanwhile moreover furthermore additionally also
    nonetheless nevertheless instead besides thus hence therefore indeed now then
    separately likewise similarly elsewhere""".split()
)
# Adverbs that only point back to other text ("X also did Y"); dropped from claims.
BACK_POINTERS = frozenset("also meanwhile however too likewise similarly nonetheless nevertheless moreover furthermore additionally separately".split())

QUESTION_WORDS = frozenset("how why what when where who whom whose which whether".split())

# Web page furniture that is phrased like a sentence.  Shapes seen across sites.
BOILERPLATE = Phrases(
    r"(?:\b(?:your|this)\s+browser\b|\bbrowser\s+(?:does|is)\s+not\b|"
    r"\b(?:enable|turn\s+on)\s+javascript\b|\bjavascript\s+(?:is\s+)?(?:disabled|required)\b|"
    r"\bwe\s+use\s+cookies\b|\baccept\s+(?:all\s+)?cookies\b|"
    r"\bsign\s+up\s+(?:for|to)\s+(?:our|the)\b.{0,30}\bnewsletter|^\W*subscribe\b|"
    r"\ball\s+rights\s+reserved\b|©|^\W*(?:click|tap)\s+here\b|^\W*read\s+more\b|"
    r"\bskip\s+(?:to|next)\b|\bvideo\s+element\b|\bad\s*-?blocker\b|"
    r"\bdownload\s+(?:the|our)\s+app\b|\bfollow\s+us\s+on\b|^\W*share\s+(?:this|on)\b|"
    r"\bedited\s+by\s*:|\b(?:image|photo|picture|photograph|credit|courtesy)\s*:\s*\S)",
    "browser|javascript|cookie|newsletter|subscribe|rights reserved|\u00a9|click|tap|read more|skip|"
    "video element|blocker|download|follow us|share|edited by|:",
)

# Who can be a speaker besides named people and organisations: plural nouns for
# people, and common nouns for bodies ("the ministry said", "sources said").
PEOPLE_NOUNS = frozenset(
    """officials authorities police sources source analysts experts critics residents voters
    lawmakers legislators supporters opponents protesters demonstrators economists investors
    campaigners activists advocates scientists researchers doctors nurses teachers workers employees
    people members leaders aides advisers advisors allies rivals observers diplomats
    prosecutors investigators witnesses officers soldiers troops families parents students
    citizens customers passengers patients victims survivors organisers organizers
    executives directors ministers senators governors mayors judges lawyers attorneys
    spokesmen spokeswomen spokespeople representatives delegates negotiators insiders
    republicans democrats conservatives liberals progressives moderates independents
    commentators pundits pollsters historians scholars academics engineers farmers
    traders bankers owners fans players coaches managers staff staffers colleagues friends
    neighbours neighbors relatives others some many most few both all""".split()
)


def _inflected(bases: str, irregular: str) -> frozenset[str]:
    """Regular verb forms of ``bases`` (no lemmatizer runs) plus the ``irregular`` ones."""
    out = set(irregular.split())
    for base in bases.split():
        stem = base[:-1] if base.endswith("e") else base
        out.update((base, stem + "ing"))
        if base.endswith("y") and base[-2] not in "aeiou":
            out.update((base[:-1] + "ies", base[:-1] + "ied"))  # worries, worried
        else:
            out.update((base + ("es" if base.endswith(("s", "sh", "ch")) else "s"), stem + "ed"))
    return frozenset(out)


# Verbs of perceiving, thinking, wanting and speaking: their subject is someone, so a
# "they" doing them is not a plural of things ("Sanders's attacks ... They are listening").
ANIMATE_VERBS = _inflected(
    """listen hear watch think believe know want hope fear expect feel say tell argue vote
    decide agree disagree worry wonder try love hate prefer remember forget learn understand
    complain insist demand urge ask answer reply promise refuse admit deny claim spend donate""",
    "said told thought knew known heard felt understood forgot forgotten learnt spent",
)
# Words before a role that make it another office: the vice president is not "the president".
RANKS = frozenset("vice deputy former shadow assistant associate lieutenant under ex co".split())
# Every form of "be" (UD counts each as AUX).
BE_FORMS = frozenset("be am is are was were been being 's 're 'm".split())
# Endings of nouns for people by what they do or are ("protesters", "senators", "activists").
AGENT_ENDINGS = ("ers", "ors", "ists", "ians", "ants", "ents", "ees", "men", "women", "people")


BODY_NOUNS = frozenset(
    """company firm government ministry department agency council committee commission
    campaign party court bank union group organisation organization association
    administration office board authority institute foundation charity coalition team club
    league federation regulator watchdog service force army military navy parliament
    congress senate house cabinet embassy consulate network newspaper broadcaster
    university school hospital trust panel tribunal prosecution defence defense family
    state city county province region country nation airline carrier operator supplier
    retailer manufacturer producer maker developer publisher studio label chain group
    body institution centre center inquiry leadership management opposition regime junta
    presidency secretariat directorate executive politburo assembly legislature""".split()
)
# Shares of a group: "Two-thirds said", "a majority of voters say" is a poll result, not a speaker.
FRACTION_NOUNS = frozenset(
    """half halves third thirds quarter quarters fifth fifths tenth tenths majority minority
    proportion share percent percentage plurality fraction handful""".split()
)
# Things that "say" in a sentence but cannot be a speaker: a report, a poll.  When
# the phrase names its author ("a report by the IMF"), the author speaks.
DOCUMENT_NOUNS = frozenset(
    """report reports study studies survey surveys poll polls data figures figure statistics
    stats numbers statement statements document documents letter letters email emails memo
    memos filing filings records record analysis analyses research review audit assessment
    estimate estimates forecast forecasts projection projections paper papers article story
    book ad ads advert advertisement video videos post posts tweet tweets message messages
    note notes text transcript complaint lawsuit suit indictment ruling order decision
    verdict bill law legislation plan proposal budget guidance guidelines website page
    release notice warning sign poster scam evidence footage images photos pictures results
    tally count readout summary calculation calculations
    index model chart map table recording recordings leaflet brochure manifesto speech
    interview investigation probe findings account accounts version claim claims rumours
    rumors reports briefing testimony affidavit brief briefs submission submissions motion
    petition application appeal filing complaint response memoir column editorial op-ed
    blog slide slides presentation footage ad clip spot commercial""".split()
)
