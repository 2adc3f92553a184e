"""Who said it: the attribution rules that give a claim its speaker (issue 10).

Each rule on several small articles written for the project, in more than one
style (agency copy, a local paper, a business page, a long read): the "C, X
said" attribution that closes a quotation, the inverted "said X" the parser
loses, "As X reported, C", an "according to" inside an aside, a paragraph
introduced by "X writes:", "she" for the woman named before rather than a man of
unknown gender, and bare quotes that take no earlier speaker when their own
sentence attributes them to something else.
"""

from __future__ import annotations

import pytest

from extract_helpers import claims, one


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            '"The plant will close in May. We all understand that," Mr Okafor said.',
            ("understand",),
            "Okafor",
        ),
        (
            "\u201cPrices rose faster than wages last year. Nobody here can afford that,\u201d Grace Allen said.",
            ("afford",),
            "Allen",
        ),
    ],
)
def test_the_attribution_after_a_quote_closes_every_sentence_of_it(pipeline, text, words, speaker):
    claim = one(claims(pipeline, text), *words)
    assert claim.speaker and speaker in claim.speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"What is shaping up is a battle for the ages," said David Brock, a Clinton confidant who heads '
         "the pro-Clinton super PAC Correct the Record.", "Brock"),
        ("In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: \u201cHillary "
         "Clinton believes that transatlantic cooperation is essential.\u201d", "Sullivan"),
    ],
)
def test_a_name_the_parser_cut_off_from_its_cue_is_still_the_speaker(pipeline, text, speaker):
    found = claims(pipeline, text)
    assert found and all(c.speaker and speaker in c.speaker for c in found), [(c.text, c.speaker) for c in found]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("As The Washington Post reported, Sanders would need to win 55 percent of the remaining delegates.",
         "Sanders would need to win 55 percent of the remaining delegates.", "Washington Post"),
        ("The economy is slowing, as the central bank noted on Tuesday.", "The economy is slowing.", "bank"),
        ("As first reported by the Tribune, the mayor will resign in June.", "The mayor will resign in June.",
         "Tribune"),
        ("The new stadium, as the mayor told reporters, will cost $5 billion.",
         "The new stadium will cost $5 billion.", "mayor"),
    ],
)
def test_as_x_reported_attributes_the_main_clause(pipeline, text, content, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.text == content
    assert claim.speaker and speaker.lower() in claim.speaker.lower()


@pytest.mark.parametrize(
    "text",
    [
        "As expected, the Fed raised interest rates by a quarter point on Wednesday.",
        "As he said he would, the mayor vetoed the budget on Friday.",
    ],
)
def test_as_clauses_that_are_not_bare_attributions_stay_in_the_sentence(pipeline, text):
    (claim,) = claims(pipeline, text)
    assert claim.text.rstrip(".").lower() == text.rstrip(".").lower()


def test_according_to_inside_an_aside_is_not_the_sentences_speaker(pipeline):
    text = ("The senator cites his followers as the source of the figure, which is far too high "
            "(the real number is closer to 15 percent, according to FactCheck.org).")
    (claim,) = claims(pipeline, text)
    assert claim.speaker is None or "FactCheck" not in claim.speaker
    assert "according to FactCheck.org" in claim.text


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The council met on Monday to discuss the budget.\n\n"
         "In a letter to residents, the mayor, Jane Doe, wrote:\n\n"
         "The city will close three libraries next year. Rates will rise by 4 percent.\n\n"
         "The council will vote on the plan in March.\n", "Jane Doe"),
        ("Hugh Hewitt has seen the film.\n\nHewitt writes:\n\n"
         "The movie mentions neither the president nor the secretary of state by name.\n\n"
         "The film opens on Friday in 2,000 cinemas.\n", "Hewitt"),
    ],
)
def test_a_paragraph_introduced_by_a_colon_is_the_speakers_words(pipeline, text, speaker):
    found = claims(pipeline, text)
    words = [c for c in found if c.text.startswith(("The city", "Rates", "The movie"))]
    assert words and all(c.speaker and speaker in c.speaker for c in words), [(c.text, c.speaker) for c in found]
    after = [c for c in found if c.text.startswith(("The council will", "The film opens"))]
    assert after and all(c.speaker is None for c in after)  # only the one paragraph


def test_she_is_the_woman_named_before_not_a_man_of_unknown_gender(pipeline):
    text = (
        "Fiorina, the former technology executive who dropped her own presidential bid in early February, "
        "made a surprise appearance at Cruz's rally in Miami on Wednesday morning. She applauded him for "
        "defying the establishment.\n\n"
        '"Ted Cruz has stood up for our right to bear arms. He has fought for our liberty," she said to cheers.\n\n'
        "Fiorina was upfront about her distaste for Donald Trump, the current GOP front-runner, saying "
        "conservatives need to band together to stop him.\n\n"
        '"There are other people in our party who are horrified by Donald Trump. I\'m one of them," she said.\n'
    )
    found = claims(pipeline, text)
    claim = one(found, "horrified")
    assert claim.speaker and "Fiorina" in claim.speaker
    assert not any(c.speaker and "Trump" in c.speaker for c in found)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('The mayor said the budget was balanced.\n\n'
         '"After reviewing the accounts, the council believes the deficit was a mistake," the statement said.\n',
         ("deficit",)),
        ("Ms Ortiz spoke to reporters on Monday.\n\n"
         "In a riff on her campaign slogan, the protesters will hold banners proclaiming: "
         "\u201cYes we can \u2013 stop the tax!\u201d\n", ("stop the tax",)),
    ],
)
def test_a_quote_its_own_sentence_gives_to_someone_else_takes_no_earlier_speaker(pipeline, text, words):
    claim = one(claims(pipeline, text), *words)
    assert claim.speaker is None or not any(n in claim.speaker for n in ("mayor", "Ortiz"))


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Economists predict two more rate rises next year.", "Economists"),
        ("Officials cited safety concerns at the plant.", "Officials"),
        ("The minister stressed the importance of the new rail link.", "minister"),
        ("Senator Ruiz tweeted a chart of crime figures on Sunday.", "Ruiz"),
    ],
)
def test_speech_acts_with_an_object_keep_the_sentence_and_give_it_its_speaker(pipeline, text, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.text == text
    assert claim.speaker and speaker in claim.speaker


@pytest.mark.parametrize(
    "text",
    [
        "Harwood & Lane reported a 38% fall in annual pretax profit on Thursday.",
        "The council has asked the Department for Transport for £2m to help traders.",
        "That means the boy consumed 900 mg, more than double the 400 mg the Food and Drug "
        "Administration says is safe for most adults.",
    ],
)
def test_results_requests_and_clauses_inside_a_noun_have_no_speaker(pipeline, text):
    (claim,) = claims(pipeline, text)
    assert claim.speaker is None, claim.speaker


def test_a_quote_carried_on_after_an_introduced_paragraph_keeps_its_speaker(pipeline):
    text = (
        "Cllr Judith Hanley, leader of the council, said the poll was a wake-up call.\n\n"
        "She told the Courier:\n\n"
        '"We have not yet made the case well enough. People think of another layer of politicians.\n\n'
        '"But this deal brings £38m a year into Yorkshire. That is real money and real power."\n'
    )
    found = claims(pipeline, text)
    for words in (("made the case",), ("£38m",), ("real money",)):
        claim = one(found, *words)
        assert claim.speaker and "Hanley" in claim.speaker, (claim.text, claim.speaker)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Coin flips decided six counties, according to a report in the Des Moines Register.", "Des Moines Register"),
        ("The senator has won 758 delegates, according to a CNN tally.", "CNN"),
    ],
)
def test_a_document_speaks_for_the_paper_or_organisation_that_made_it(pipeline, text, speaker):
    (claim,) = claims(pipeline, text)
    assert "according to" not in claim.text
    assert claim.speaker and speaker in claim.speaker


def test_a_study_in_a_place_gives_no_speaker(pipeline):
    (claim,) = claims(pipeline, "Obesity rates have doubled since 1990, according to a study in Britain.")
    assert claim.speaker is None or "Britain" not in claim.speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"Thanks, Clarkston, for welcoming these refugees," said master of ceremonies Asab Al-Tabchi, '
         "a Syrian engineer who settled in the town decades ago.", "Al-Tabchi"),
        ("\u201cYes, I support the senator,\u201d Brent Bozell III, founder of the Media Research Center, "
         "tells the paper.", "Bozell"),
    ],
)
def test_a_word_of_the_quote_or_a_numeral_in_a_name_does_not_lose_the_speaker(pipeline, text, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.speaker and speaker in claim.speaker


def test_a_dateline_is_still_never_a_speaker(pipeline):
    found = claims(pipeline, "WASHINGTON (AFP) - The Senate passed the bill on Tuesday.")
    assert all(c.speaker is None or "WASHINGTON" not in c.speaker for c in found)


def test_the_cue_that_introduces_a_quote_names_its_speaker_in_any_clause(pipeline):
    text = "As Michael Dell said last week in Tel Aviv, \u201cIsrael is the centre of the digital future.\u201d"
    (claim,) = claims(pipeline, text)
    assert claim.speaker and "Dell" in claim.speaker


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("The contrast with Trump, said Doyle and others, would be clear since Trump has no former "
         "presidents by his side.",
         "The contrast with Trump would be clear since Trump has no former presidents by his side.", "Doyle"),
        ("The new rules, said the minister, will take effect in May.", "The new rules will take effect in May.",
         "minister"),
        ("The decision, said Mr Okafor, was taken by the board alone.", "The decision was taken by the board alone.",
         "Okafor"),
    ],
)
def test_an_inverted_aside_leaves_the_sentence_whole_without_it(pipeline, text, content, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.text == content  # never "Doyle and others, would be clear ..."
    assert claim.speaker and speaker.lower() in claim.speaker.lower()


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The mayor lashed out at the regional transport board over the delays.", "mayor"),
        ("Ms Adeyemi spoke of the years she spent waiting for a council flat.", "Adeyemi"),
        ("The senator attacked the governor's budget as reckless and unfunded.", "senator"),
        ("Labour's finance spokesman slammed the minister for the rise in borrowing.", "spokesman"),
        ("Councillor Reid blasted the developers in a statement on Friday.", "Reid"),
        ("Union leaders expressed deep concern about the pension changes.", "Union leaders"),
        ("The chief executive offered no evidence for the claimed savings.", "chief executive"),
        ("Ms Varga congratulated the striking nurses on their victory.", "Varga"),
    ],
)
def test_speech_acts_named_by_their_complement_give_the_sentence_its_speaker(pipeline, text, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.speaker and speaker.lower() in claim.speaker.lower(), (claim.text, claim.speaker)
    assert claim.text.rstrip(".") == text.rstrip(".")  # the act stays in the claim: it is framed


@pytest.mark.parametrize(
    "text",
    [
        "Rebels attacked the northern garrison before dawn on Sunday.",
        "A lorry slammed into the barrier on the bypass.",
        "Engineers blasted a tunnel through the hill in 1890.",
        "The shop offered a discount to pensioners.",
        "The club raised 4,000 pounds for the hospice.",
        "The two teams spoke briefly at the airport.",
    ],
)
def test_the_same_verbs_as_plain_actions_have_no_speaker(pipeline, text):
    (claim,) = claims(pipeline, text)
    assert claim.speaker is None, (claim.text, claim.speaker)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The fund warned that the exit would raise borrowing costs for years.", "fund"),
        ("The ministry denied that any prisoners had been moved.", "ministry"),
        ("The union insisted that the ballot had been lawful.", "union"),
    ],
)
def test_a_body_that_warns_denies_or_insists_is_its_speaker(pipeline, text, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.speaker and speaker in claim.speaker.lower(), (claim.text, claim.speaker)
    assert claim.text.split()[1] in ("fund", "ministry", "union")  # the frame is kept


@pytest.mark.parametrize(
    "text",
    [
        "The plan proposes deep cuts to the arts budget.",
        "The figures suggest that the recovery has stalled.",
        "The change threatens hundreds of jobs at the port.",
    ],
)
def test_things_that_propose_or_suggest_are_not_speakers(pipeline, text):
    (claim,) = claims(pipeline, text)
    assert claim.speaker is None, (claim.text, claim.speaker)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("GOP hopeful Dana Price has called for the tariffs to be lifted by spring.", "Price"),
        ("The mayor has called for the depot to be closed.", "mayor"),
    ],
)
def test_called_for_a_clause_is_a_call(pipeline, text, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.speaker and speaker in claim.speaker, (claim.text, claim.speaker)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Mr Osei said \u201cit makes me angry\u201d every time the buses are cancelled.", "Osei"),
        ("Ms Lund said \u201cenough is enough\u201d when the plant closed.", "Lund"),
    ],
)
def test_a_short_quotation_keeps_the_sentence_whole_with_its_speaker(pipeline, text, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.speaker and speaker in claim.speaker, (claim.text, claim.speaker)
    assert "said" in claim.text


def test_a_saying_that_is_how_the_act_was_done_names_the_sentences_speaker(pipeline):
    text = "Mr Bolton distanced himself from the campaign by saying he would serve any president."
    (claim,) = claims(pipeline, text)
    assert claim.speaker and "Bolton" in claim.speaker
    assert "distanced himself" in claim.text and "by saying" in claim.text


def test_a_negated_cue_does_not_hide_the_cue_that_reports_speech(pipeline):
    text = ("The governor did not mention the mayor by name, but told reporters that the city "
            "should not expect more money.")
    (claim,) = claims(pipeline, text)
    assert claim.speaker and "governor" in claim.speaker.lower()
    assert "did not mention" in claim.text  # the whole sentence: it says more than the speech


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Senator Alvarez has blasted the new licensing scheme, which takes effect in June.", "Alvarez"),
        ("Greenpeace slammed the decision to reopen the mine.", "Greenpeace"),
        ("Before the vote, Ms Choi talked up her plans for free bus travel.", "Choi"),
    ],
)
def test_criticism_and_promotion_name_who_holds_them(pipeline, text, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.speaker and speaker in claim.speaker, (claim.text, claim.speaker)
    assert claim.text.rstrip(".") == text.rstrip(".")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("One of the authors of the 2019 audit, Maria Lopez, said the council had ignored its findings.", "Lopez"),
        ("One of his former aides, Tom Baker, said the minister never read the briefings.", "Baker"),
    ],
)
def test_one_of_a_group_named_in_apposition_is_that_person(pipeline, text, speaker):
    found = claims(pipeline, text)
    assert found and all(c.speaker and speaker in c.speaker for c in found), [(c.text, c.speaker) for c in found]


def test_one_of_a_group_with_no_name_is_still_no_speaker(pipeline):
    (claim,) = claims(pipeline, "One of the three said the tax was unfair.")
    assert claim.speaker is None and "said" in claim.text


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Ms Patel has attacked landlords, agents and councils for failing tenants.", "Patel"),
        ("The senator is pushing back, questioning the governor's judgment on the bridge.", "senator"),
    ],
)
def test_an_attack_for_a_reason_or_a_question_of_judgment_names_its_speaker(pipeline, text, speaker):
    (claim,) = claims(pipeline, text)
    assert claim.speaker and speaker in claim.speaker, (claim.text, claim.speaker)


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Shares fell after the company said profits would drop by a third.",
         "Profits would drop by a third.", "company"),
        ("While Mayor Ines Duarte said the depot would close in May, the council has not confirmed it.",
         "The depot would close in May.", "Duarte"),
        ("The scheme was first drawn up by Ana Ruiz, who said the new line would save 300 jobs.",
         "The new line would save 300 jobs.", "Ruiz"),
    ],
)
def test_what_was_said_in_a_clause_taken_as_fact_is_a_claim_of_its_own(pipeline, text, content, speaker):
    found = claims(pipeline, text)
    whole = [c for c in found if c.text.rstrip(".") == text.rstrip(".")]
    assert whole and whole[0].speaker is None, [(c.text, c.speaker) for c in found]  # the writer's sentence stays
    said = [c for c in found if c.text == content]
    assert said and said[0].speaker and speaker in said[0].speaker, [(c.text, c.speaker) for c in found]


@pytest.mark.parametrize(
    "text",
    [
        "If the minister said the plant would close, the union would strike.",  # not taken as fact
        "Labour won among voters who said the economy was getting worse.",  # which voters, not what all said
        "She raised rates in December, just as she said she would.",  # nothing said but "would"
    ],
)
def test_a_clause_not_taken_as_fact_or_cut_short_makes_no_claim_of_its_own(pipeline, text):
    found = claims(pipeline, text)
    assert len(found) == 1 and found[0].speaker is None, [(c.text, c.speaker) for c in found]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("\u201cVery fair judge, a very fair judge this one,\u201d Mr Alder, the party's candidate in the "
         "north and its leader in the assembly since the spring, said when asked about the ruling.", "Alder"),
        ('"They played well, they really played well tonight," Senator Olu Ade, who chairs the committee, said on Friday.', "Ade"),
    ],
)
def test_a_name_hung_on_a_word_of_the_quote_is_the_speaker_not_the_word(pipeline, text, speaker):
    found = claims(pipeline, text)
    assert found and all(c.speaker and speaker in c.speaker and "\u201d" not in c.speaker for c in found), [
        (c.text, c.speaker) for c in found
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tessaro Media has agreed to buy Orchid Music Group for 3.1bn pounds.",
        "The two sides agreed on a timetable for the talks.",
    ],
)
def test_a_deal_agreed_is_news_not_a_statement_with_a_speaker(pipeline, text):
    (claim,) = claims(pipeline, text)
    assert claim.speaker is None, (claim.text, claim.speaker)


def test_another_subjects_cue_beside_a_modal_one_does_not_speak_for_the_whole_sentence(pipeline):
    text = "The channel will show every match live, but critics warn millions could lose free coverage."
    (claim,) = claims(pipeline, text)
    assert claim.speaker is None, (claim.text, claim.speaker)


def test_a_comma_that_closes_the_subjects_own_clause_is_not_an_inverted_aside(pipeline):
    found = claims(pipeline, "Aides to Gov. Ruth Allen of Iowa, a former prosecutor, and Gov. Dan Cole of Ohio, who had "
                             "a long career in Congress, said their stump speeches, already full of references to their "
                             "records, would focus even more heavily on security.")
    claim = next(c for c in found if "would focus" in c.text)
    assert "speeches, already full of references to their records, would focus" in claim.text, claim.text
    assert claim.speaker and claim.speaker.lower().startswith("aides"), claim.speaker


def test_a_cue_in_a_subordinate_clause_gives_the_main_clause_no_speaker(pipeline):
    found = claims(pipeline, "Yet, over 700 days since the businessman and television star announced his candidacy "
                             "for governor, here we are. When the mayor announced the plan, she said it would cost $3 million.")
    first = next(c for c in found if "here we are" in c.text)
    assert first.speaker is None and "since the businessman" in first.text, (first.text, first.speaker)
    second = next(c for c in found if "$3 million" in c.text)
    assert second.speaker and "mayor" in second.speaker, second.speaker


@pytest.mark.parametrize(
    "text",
    [
        "\u201cWe were wrong about the stadium,\u201d Diaz, 52, told reporters. Bringing the team back, he said, feels right.",
        "A year ago it seemed unlikely Tom Baker would become mayor. He said on Monday that the city would borrow $20 million.",
    ],
)
def test_a_speaker_takes_no_closing_mark_or_stray_adjective_along(pipeline, text):
    for c in claims(pipeline, text):
        if c.speaker:
            assert c.speaker[0].isalnum() and not c.speaker.startswith("unlikely"), c.speaker


@pytest.mark.parametrize(
    "text",
    [
        "His appointment of Jane Roe to the board suggests that he wants a softer approach.",
        "Director James Comey spoke on Monday. His remarks indicated that the posts were not public.",
    ],
)
def test_an_event_or_a_speech_is_no_speaker(pipeline, text):
    found = claims(pipeline, text)
    for c in found:
        assert c.speaker is None or not c.speaker.endswith(("appointment", "remarks")), c.speaker


@pytest.mark.parametrize(
    ("text", "claim_text", "speaker"),
    [
        ('"The new budget," said Mr Ode, "is balanced for the first time in a decade."',
         "The new budget is balanced for the first time in a decade.", "Ode"),
        ("\u201cOur hospital,\u201d Dr Amis said, \u201cwill close in May unless the trust finds \u00a32m.\u201d",
         "Our hospital will close in May unless the trust finds \u00a32m.", "Amis"),
        ('"We will not give up," she said, "because the people need us." Ms Lee spoke in Leeds.',
         "We will not give up, because the people need us.", None),
    ],
)
def test_a_quote_split_by_its_attribution_is_one_claim_even_when_one_half_is_short(pipeline, text, claim_text, speaker):
    found = claims(pipeline, text)
    claim = next((c for c in found if c.text == claim_text), None)
    assert claim is not None, [c.text for c in found]
    assert speaker is None or (claim.speaker and speaker in claim.speaker), claim.speaker
    assert not any(c.text[:1].islower() for c in found), [c.text for c in found]


@pytest.mark.parametrize(
    ("text", "claim_text"),
    [
        ('Despite his "admittedly brash manner," his lawyer wrote, Marsh is a devoted father who lost his job in '
         "2019.", 'Despite his "admittedly brash manner," Marsh is a devoted father who lost his job in 2019.'),
        ('For all its "very modest budget," the festival director said, the event drew 40,000 visitors.',
         'For all its "very modest budget," the event drew 40,000 visitors.'),
    ],
)
def test_an_aside_after_a_quoted_phrase_leaves_the_quotation_closed(pipeline, text, claim_text):
    found = [c.text for c in claims(pipeline, text)]
    assert claim_text in found, found


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The fund will close in May, public defender Ana Ruiz said.", "public defender Ana Ruiz"),
        ("The mine will reopen next year, regional manager Tom Hale said.", "regional manager Tom Hale"),
    ],
)
def test_an_adjective_of_the_speakers_role_stays_with_it(pipeline, text, speaker):
    assert [c.speaker for c in claims(pipeline, text)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "A study released by the Harwell Institute last month estimated that 30,000 accounts were fake. The "
        "removals could include people who open new accounts, analysts said.\n\nIn a blog post on Friday, Zentrix "
        "said abuse had long broken its rules. It added that it has worked with groups that fight online scams.",
        "A survey published by the Dalton Trust in March found that most tenants paid late. Rents could rise again, "
        "agents said.\n\nIn a letter on Monday, Brightwell said the arrears were falling. It said it decided to "
        "freeze rents on its own.",
    ],
)
def test_it_said_is_not_a_document_named_sentences_before(pipeline, text):
    found = claims(pipeline, text)
    assert found[0].text.startswith("A s")
    for claim in found[1:]:
        assert claim.speaker is None or not claim.speaker.lower().startswith("a s"), (claim.text, claim.speaker)
        assert not claim.text.startswith("A s"), claim.text


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Gen. Mark Tillman, the head of the joint staff, said the talks were stalled. The general then asked Admiral "
         "Ruth Okoye the same question. Asked later, the admiral smiled.\n\n''It helps that my voice is quiet,'' she "
         "said, lifting a cup of tea.", "Admiral Ruth Okoye"),
        ("Detectives interviewed Inspector Alan Hurst of the city force on Monday. Asked about the delay, the "
         "inspector shrugged.\n\n''We had four hundred calls that night and six officers,'' he said.",
         "Inspector Alan Hurst"),
    ],
)
def test_a_speaker_called_by_a_role_is_named_as_the_article_named_them(pipeline, text, speaker):
    claim = next(c for c in claims(pipeline, text) if c.text.startswith(("It helps", "We had")))
    assert claim.speaker is not None and claim.speaker.startswith(speaker), (claim.text, claim.speaker)


def test_they_said_takes_no_earlier_speaker_of_another_sort(pipeline):
    found = claims(
        pipeline,
        "The council condemned North Korea's latest missile launch, which it called \"a grave threat.\"\n\n"
        "Following a late meeting, the council issued a statement. The statement noted members had warned of "
        "\"further measures\" if North Korea fired again.\n\n"
        "\"In line with this warning, the members of the council will begin work on new sanctions at once,\" "
        "they said.",
    )
    claim = one(found, "new sanctions")
    assert claim.speaker is None or "Korea" not in claim.speaker, claim.speaker


@pytest.mark.parametrize(
    ("text", "words", "wrong"),
    [
        ("Vice President Ana Ruiz opened the session. The council will publish the audit in May, the president "
         "said.", "audit in May", "Ruiz"),
        ("Deputy Minister Tom Achebe toured the plant on Monday. The plant will hire 300 workers next year, the "
         "minister said.", "300 workers", "Achebe"),
        ("Former Governor Lisa Brandt endorsed the bill. The bill will cut property taxes by a tenth, the governor "
         "said.", "property taxes", "Brandt"),
        ("Ruth Kemp, the shadow chancellor, accused Tom Hale of giving up on the deficit. The budget will balance "
         "by 2028, the chancellor said.", "balance by 2028", "Kemp"),
    ],
)
def test_the_role_is_not_a_name_whose_office_is_another(pipeline, text, words, wrong):
    claim = one(claims(pipeline, text), words)
    assert claim.speaker is None or wrong not in claim.speaker, claim.speaker


def test_the_vice_president_is_the_vice_president_named_before(pipeline):
    claim = one(claims(pipeline, "Vice President Ana Ruiz opened the session. The council will publish the audit "
                                 "in May, the vice president said."), "audit in May")
    assert claim.speaker == "Vice President Ana Ruiz", claim.speaker


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ('Brightwell said it would appeal. "Riders choose Brightwell because it gives them freedom, and they earn '
         'more on our app than on any other," a company spokeswoman, Leah Moss, said.', "Riders choose", "Leah Moss"),
        ('The trust said it would reply in May. "Patients choose Kelbrook because it gives them time, and they '
         'recover faster in our wards than in any other," a hospital spokesman, Ivo Marsh, said.', "Patients choose",
         "Ivo Marsh"),
    ],
)
def test_a_quote_whose_comma_the_parse_gives_the_speaker_keeps_its_speaker(pipeline, text, words, speaker):
    claim = one(claims(pipeline, text), words)
    assert claim.speaker is not None and speaker in claim.speaker, claim.speaker


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('Divers pulled at least 30 people from cars near the bridge, said Fire Chief Owen Pask. "The river rose '
         'faster than anyone had seen," Pask said. "We are going street by street until everyone is found." Among '
         'the dead were a 64-year-old man whose van was swept off a lane near Corby and two teenagers, ages 14 and '
         '16, who were in a cabin that was carried away by the Nene, he said.', "Among the dead"),
        ('Crews cleared the road by noon, said Sheriff Dana Holt. "It was the worst storm in years," Holt said. "We '
         'had trees down everywhere." Among the injured was a young woman whose car hit a fallen oak near the '
         'school, she said.', "Among the injured"),
    ],
)
def test_he_said_is_never_a_person_the_sentence_speaks_of(pipeline, text, words):
    claim = one(claims(pipeline, text), words)
    assert claim.speaker in ("Fire Chief Owen Pask", "Sheriff Dana Holt"), claim.speaker


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ('Customers are not convinced. Halden\'s new tariff, though, is not a capped price, and the energy regulator '
         'Gridwatch said it would "look closely" at whether the offer was fair.', "look closely", "Gridwatch"),
        ('Tenants are not convinced. Hartwell\'s new lease, though, is not a fixed rent, and the housing regulator '
         'Homewatch said it would "look carefully" at whether the lease complied.', "look carefully", "Homewatch"),
    ],
)
def test_a_named_speaker_after_a_clause_of_the_writers_keeps_the_sentence(pipeline, text, words, speaker):
    claim = one(claims(pipeline, text), words)
    assert claim.speaker is not None and speaker in claim.speaker, claim.speaker


@pytest.mark.parametrize(
    "text",
    [
        "Chancellor insists budget will balance by 2028\n\nHere is a summary of the debate.\nThe chancellor insisted "
        "the budget would balance and said growth would return next year.",
        "Home secretary vows to hire 5,000 officers\n\nHere is what we learned.\nThe home secretary said the "
        "officers would be hired by the end of next year.",
    ],
)
def test_a_role_written_in_a_headline_is_no_name_for_the_role(pipeline, text):
    for claim in claims(pipeline, text)[1:]:
        assert not claim.text.startswith(("The Chancellor", "Chancellor", "The Home secretary", "Home secretary")), (
            claim.text
        )


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rep. Paul Grant wants to cut the fee. Rep. Tom Early, his rival, wants to keep it.\n\nEarly said he has "
         "worked with both parties on a bill to cap student loan rates. He also said he supports raising the limit "
         "for Pell grants.", "Early"),
        ("Mr. Alan Reyes spoke first. Judge Martin Fast, who chairs the panel, followed him.\n\nFast said he has "
         "asked the state to fund two more courtrooms. He also said he supports hiring more clerks next year.",
         "Fast"),
    ],
)
def test_a_surname_the_tagger_reads_as_an_adverb_still_speaks(pipeline, text, name):
    found = claims(pipeline, text)
    for verb in ("has", "supports"):
        claim = next((c for c in found if c.text.startswith(f"{name} {verb} ")), None)
        assert claim is not None and claim.speaker is not None and name in claim.speaker, [
            (c.text, c.speaker) for c in found
        ]


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("The talks stalled in May. Those familiar with the talks said the two sides remain far apart on price.",
         "far apart", "Those familiar with the talks"),
        ("The ruling was narrow. Those who voted against it said the court had overstepped its powers.",
         "overstepped", "Those who voted against it"),
        ("Ms. Reyes will decide in June. Those close to her say she has already chosen a running mate.",
         "running mate", "Those close to her"),
    ],
)
def test_those_who_speak_are_the_people_the_phrase_describes(pipeline, text, words, speaker):
    claim = one(claims(pipeline, text), words)
    assert claim.speaker == speaker, claim.speaker


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ('The site rated the claim. <tweet tweet-date="May">Sanders said that for young black workers the real '
         "jobless rate is 51 percent.", "51 percent", "Sanders"),
        ('The panel met twice. <div class="x">Ms. Okoro said the levy would fall by a third next year.',
         "a third", "Okoro"),
    ],
)
def test_a_speaker_carries_no_markup_a_broken_page_left_in_the_text(pipeline, text, words, speaker):
    claim = one(claims(pipeline, text), words)
    assert claim.speaker is not None and claim.speaker.endswith(speaker) and "<" not in claim.speaker, claim.speaker
    assert ">" not in claim.speaker, claim.speaker


@pytest.mark.parametrize(
    ("text", "words", "wrong"),
    [
        ("Manafort and business associate Rick Gates, another top strategist in the campaign, ran the effort. "
         "Gates told the AP that the firms were paid in full.", "paid in full", "Manafort"),
        ("Kemp and his deputy Laura Bright, a former auditor, signed the report. Bright told reporters that the "
         "figures had been checked twice.", "checked twice", "Kemp"),
    ],
)
def test_a_surname_is_one_person_not_the_pair_it_was_named_in(pipeline, text, words, wrong):
    claim = one(claims(pipeline, text), words)
    assert claim.speaker is not None and wrong not in claim.speaker, claim.speaker


@pytest.mark.parametrize(
    ("text", "words", "name"),
    [
        (
            "Governor Dan Walsh praised the Gazette's reporter Sam Boyle at a news conference in Salem on Monday.\n\n"
            "\u201cVery good reporter, very good reporter this guy,\u201d Walsh, the party\u2019s frontrunner nationally "
            "and current polling leader in Oregon by a wide margin after winning the Nevada caucuses, said when Boyle "
            "asked him a question.\n\n"
            "\u201cI\u2019m very disappointed in the committee,\u201d Walsh said.",
            "disappointed",
            "Walsh",
        ),
    ],
)
def test_words_inside_a_quotation_are_no_role_of_the_speaker_after_it(pipeline, text, words, name):
    # The parser can hang the speaker on the quoted noun as its apposition ("reporter, ... Walsh").
    claim = one(claims(pipeline, text), words)
    assert claim.speaker is not None and name in claim.speaker and "reporter" not in claim.speaker, claim.speaker


def test_a_place_the_parser_made_a_second_subject_does_not_speak(pipeline):
    # A hand-built misparse, as the small English model gives it for "Tuesday in Berea, OH,
    # after winning the primary, Gov. Kasich said": two subjects of "said", the place first.
    from spacy.tokens import Doc

    from workbench.nlp import grammar

    words = ["Tuesday", "in", "Berea", ",", "OH", ",", "Gov.", "Quill", "said", "it", "rained", "."]
    heads = [8, 0, 1, 8, 8, 8, 7, 8, 8, 10, 8, 8]
    deps = ["npadvmod", "prep", "pobj", "punct", "nsubj", "punct", "compound", "nsubj", "ROOT", "nsubj", "ccomp",
            "punct"]
    ents = ["B-DATE", "O", "B-GPE", "O", "B-GPE", "O", "O", "B-PERSON", "O", "O", "O", "O"]
    doc = Doc(pipeline.nlp.vocab, words=words, heads=heads, deps=deps, ents=ents)
    assert grammar.subject_of(doc[8]).text == "Quill"
    # Two people stay as the parse has them: only scene-setting gives way.
    ents[4] = "B-PERSON"
    doc = Doc(pipeline.nlp.vocab, words=words, heads=heads, deps=deps, ents=ents)
    assert grammar.subject_of(doc[8]).text == "OH"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("Richards and Menendez both stressed that the clinic would stay open.", "clinic",
         "Richards and Menendez"),
        ("The mayor and the sheriff both said the road would reopen on Monday.", "road", "The mayor and the sheriff"),
        ("Sanders tweeted, and both Mayor Lena Ortiz and Governor Tom Hale said they agreed.", "agreed",
         "Mayor Lena Ortiz and Governor Tom Hale"),
        ("Jorge Ramos, silver-haired and blue-eyed, said the company was fair.", "fair", "Jorge Ramos"),
        ("Lopez-Cantera, a Republican and former state legislator, told reporters the standards are not perfect.",
         "perfect", "Lopez-Cantera, a Republican and former state legislator"),
    ],
)
def test_a_speaker_is_who_spoke_not_how_many_or_how_they_looked(pipeline, text, words, speaker):
    # "both" tells how many, an adjective how they looked; a role with its article stays.
    assert one(claims(pipeline, text), words).speaker == speaker


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The casual circumstances of Lee\u2019s hiring added to the confusion over who ran the campaign.", "confusion"),
        ("The latest delay adds to the pressure on the board before the vote in March.", "pressure"),
        ("The minister's about-face on the tariffs worries the exporters, and puts earlier deals into question.",
         "exporters"),
    ],
)
def test_what_a_thing_added_to_or_worried_is_not_speech(pipeline, text, words):
    claim = one(claims(pipeline, text), words)
    assert claim.speaker is None and claim.text == text, (claim.text, claim.speaker)


def test_a_relative_clause_after_a_name_is_no_role_of_the_speaker(pipeline):
    text = ("The paper accuses Sanders, whose outsider, anti-establishment appeal has been key to his success, of "
            "being a politician like the others. On Thursday, Sanders hit back at the paper. "
            "\u201cCheck out where all the geniuses on the editorial page were on the war,\u201d he said.")
    assert one(claims(pipeline, text), "geniuses").speaker == "Sanders"


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("The board offered an apology to Mayor Lena Ortiz, her staff and everyone in the city for the remarks "
         "made at the meeting. \u201cWe will not accept this,\u201d Ortiz said.", "not accept", "Mayor Lena Ortiz"),
        ("\u201cWe want to offer a sincere apology to Senator Ann Keel, her supporters and everyone in the party for "
         "the remarks made over email,\u201d the committee said. \u201cI ask you not to protest on the floor,\u201d "
         "Keel said.", "protest", "Senator Ann Keel"),
    ],
)
def test_a_list_after_a_name_is_no_role_of_that_person(pipeline, text, words, speaker):
    assert one(claims(pipeline, text), words).speaker == speaker


def test_a_name_in_a_condition_before_he_said_is_not_who_said_it(pipeline):
    text = ("Jim Bennett, a retired welder, has backed the senator since the summer. \u201cI like the man,\u201d he "
            "said. If Trump doesn\u2019t become the Republican nominee, he said he would settle for one of the "
            "reality TV star\u2019s rivals.")
    claim = one(claims(pipeline, text), "settle")
    assert claim.speaker and "Bennett" in claim.speaker and "Trump said" not in claim.text, (claim.text, claim.speaker)
