"""Merges, splits, renames, types and corrections through the dashboard (Streamlit's AppTest): what owners and
editors can change, what a read-only share link sees (the result, and no controls), and the history with undo."""
from __future__ import annotations

from conftest import SYNTHETIC_NAME
from test_app import MANAGE, corpus_id, fresh_caches, navigation_mode, no_exception, run  # noqa: F401 (fixtures)
from test_app_access import gated, sign_in  # noqa: F401 (fixture)

from analysis import corrections as cx
from analysis.access import LOCAL, Principal
from analysis.corrections import MERGE, Decision
from analysis.store import Store
from analysis.store.layers import Layers

ACTORS, ARTICLES = "pages/actors.py", "pages/articles.py"
OWNER = Principal(LOCAL)
CONTROLS = ("actors_merge_into", "actors_split_name", "actors_type_value")


def keys(at) -> set[str]:
    return {w.key for kind in ("selectbox", "button", "text_input") for w in getattr(at, kind) if w.key}


def actor_options(at) -> list[str]:
    return list(at.selectbox(key="actors_actor").options)


def test_the_owner_merges_two_actors_and_every_page_shows_one(dashboard_db):
    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run(ACTORS, corpus=str(cid), actor="Sergei Lavrov")
    no_exception(at)
    assert set(CONTROLS) <= keys(at)
    at.selectbox(key="actors_merge_into").set_value("John Kerry").run()
    at.button(key="actors_merge").click().run()
    no_exception(at)
    assert [(d.kind, d.name, d.value) for d in Layers(Store(dashboard_db)).decisions(cid)] == [
        (MERGE, "Sergei Lavrov", "John Kerry")]
    assert not [o for o in actor_options(at) if o.startswith("Sergei Lavrov ·")]
    at.switch_page("pages/statements.py").run()
    no_exception(at)
    assert "Sergei Lavrov" not in at.multiselect(key="filter_speaker").options


def test_rename_and_type_apply_to_the_actor_as_shown(dashboard_db):
    cid = corpus_id(dashboard_db, SYNTHETIC_NAME)
    at = run(ACTORS, corpus=str(cid), actor="Red Cross")
    at.text_input(key="actors_rename_to").input("International Red Cross").run()
    at.button(key="actors_rename").click().run()
    no_exception(at)
    assert [o for o in actor_options(at) if o.startswith("International Red Cross ·")]
    at.selectbox(key="actors_actor").set_value("International Red Cross").run()
    at.selectbox(key="actors_type_value").set_value("group").run()
    at.button(key="actors_type").click().run()
    no_exception(at)
    [rename, typed] = Layers(Store(dashboard_db)).decisions(cid)
    assert (rename.name, rename.value) == ("Red Cross", "International Red Cross")
    assert (typed.name, typed.value) == ("International Red Cross", "group")
    assert "GROUP" in " ".join(c.value for c in at.caption)


def test_a_read_only_share_link_sees_the_merge_but_no_controls(gated):  # noqa: F811 (the fixture)
    store = Store(gated)
    cid = corpus_id(gated, SYNTHETIC_NAME)
    Layers(store).add_decision(cid, Decision(MERGE, "Sergei Lavrov", "John Kerry"))
    token = store.create_share_link(cid)
    at = sign_in(run(ACTORS, corpus=str(cid), share=token))
    no_exception(at)
    at.switch_page(ACTORS).run()
    no_exception(at)
    assert not set(CONTROLS) & keys(at)
    assert not [o for o in actor_options(at) if o.startswith("Sergei Lavrov ·")]
    assert not [k for k in keys(at) if k.startswith("actors_ambiguous_")]


def synthetic_article(db) -> tuple[int, str]:
    cid = corpus_id(db, SYNTHETIC_NAME)
    return cid, Store(db).article_ids(cid)[0]


def test_the_owner_corrects_rejects_and_adds_statements_on_the_article(dashboard_db):
    cid, article = synthetic_article(dashboard_db)
    at = run(ARTICLES, corpus=str(cid), id=article)
    no_exception(at)
    first = at.selectbox(key="articles_fix_pick")
    speaker = next(s for s in at.selectbox if (s.key or "").startswith("articles_fix_speaker_"))
    speaker.set_value("Ursula von der Leyen").run()
    next(s for s in at.selectbox if (s.key or "").startswith("articles_fix_stance_")).set_value("warn").run()
    at.button(key="articles_fix_save").click().run()
    no_exception(at)
    [fix] = Layers(Store(dashboard_db)).corrections(cid)
    assert fix.action == "edit" and dict(fix.changes)["speaker"] == "Ursula von der Leyen"
    assert dict(fix.changes)["stance"] == "warn" and fix.author == "local"
    assert "<i>corrected</i>" in "".join(h.proto.body for h in at.html)
    statements = len(first.options)
    at.button(key="articles_fix_reject").click().run()  # the first statement again: not a statement
    no_exception(at)
    assert len(at.selectbox(key="articles_fix_pick").options) == statements - 1
    at.selectbox(key="articles_add_sentence").set_value(0).run()
    at.selectbox(key="articles_add_speaker").set_value("Red Cross").run()
    at.text_input(key="articles_add_cue").input("zzz-not-there").run()
    at.button(key="articles_add_save").click().run()
    assert any("cue must be words" in e.value for e in at.error)  # refused, with the reason
    assert len(Layers(Store(dashboard_db)).corrections(cid)) == 2


def test_a_read_only_share_link_sees_corrections_but_cannot_make_them(gated):  # noqa: F811 (the fixture)
    store = Store(gated)
    cid, article = synthetic_article(gated)
    row = next(r for r in store.rows(cid)["statements"] if r["article_id"] == article)
    Layers(store).add_correction(cid, cx.Correction(article, row["start"], row["end"], row["cue_start"],
                                                    row["cue_end"], cx.EDIT, (("target", "Red Cross"),)))
    token = store.create_share_link(cid)
    at = sign_in(run(ARTICLES, corpus=str(cid), id=article, share=token))
    at.switch_page(ARTICLES).run()
    no_exception(at)
    assert not [k for k in keys(at) if k.startswith(("articles_fix", "articles_add"))]
    assert "<i>corrected</i>" in "".join(h.proto.body for h in at.html)


def test_the_history_shows_who_did_what_and_undo_takes_back_the_last_change(dashboard_db):
    store = Store(dashboard_db)
    cid, article = synthetic_article(dashboard_db)
    layers = Layers(store)
    layers.add_decision(cid, Decision(MERGE, "Sergei Lavrov", "John Kerry"), by=OWNER)
    layers.add_correction(cid, cx.Correction(article, 0, 3, 0, 1, cx.EDIT, (("stance", "warn"),)),
                          by=OWNER)  # at a place where the engine found nothing
    at = run(MANAGE, corpus=str(cid))
    no_exception(at)
    [table, review] = at.dataframe[-2:]
    assert table.value["what"].tolist() == ["edit: stance → warn", "merge Sergei Lavrov into John Kerry"]
    assert table.value["who"].tolist() == ["local", "local"]
    assert review.value["what"].tolist() == ["edit: stance → warn"]  # listed for review, not dropped
    assert any("no longer matches a statement" in w.value for w in at.warning)
    at.button(key="history_undo").click().run()
    no_exception(at)
    assert [c.item.kind for c in layers.history(cid)] == [MERGE]
    assert at.dataframe[-1].value["what"].tolist() == ["merge Sergei Lavrov into John Kerry"]
    layers.add_decision(cid, Decision(MERGE, "Red Cross", "United Nations"))  # another editor, meanwhile
    at.button(key="history_undo").click().run()  # the page still shows the first merge as the last change
    assert any("changed this corpus meanwhile" in e.value for e in at.error)
    assert len(layers.history(cid)) == 2


def test_a_read_only_share_link_sees_no_history_and_no_undo(gated):  # noqa: F811 (the fixture)
    store = Store(gated)
    cid = corpus_id(gated, SYNTHETIC_NAME)
    Layers(store).add_decision(cid, Decision(MERGE, "Sergei Lavrov", "John Kerry"))
    at = sign_in(run(MANAGE, corpus=str(cid), share=store.create_share_link(cid)))
    at.switch_page(MANAGE).run()
    no_exception(at)
    assert "history_undo" not in keys(at)


def test_a_name_left_ambiguous_is_reported_and_merged_in_one_click(dashboard_db):
    from analysis.types import Actor, Analysis, Article, Statement

    def said(text: str, speaker: str, actors: tuple[str, ...]) -> Analysis:
        cue = text.index("said")
        return Analysis(article=Article(text=text, source=f"{speaker}.txt", title=text[:20]), statements=(
            Statement(speaker, "said", "say", None, text[cue + 5:-1], False, 0, len(text), cue, cue + 4, cue + 5,
                      len(text) - 1),), actors=tuple(Actor(a, "PERSON") for a in actors))

    found = [said("Ada Morrow said the dam was safe.", "Ada Morrow", ("Ada Morrow",)),
             said("Ben Morrow said the dam leaked.", "Ben Morrow", ("Ben Morrow",)),
             said("Morrow said repairs would start.", "Morrow", ("Morrow",))]
    store = Store(dashboard_db)
    cid = store.create_corpus("Dam", [a.article for a in found], found, engine_version="v", owner=LOCAL)
    at = run(ACTORS, corpus=str(cid))
    no_exception(at)
    assert "**Morrow**: Ada Morrow or Ben Morrow? · 1 article" in [m.value for m in at.markdown]
    at.button(key="actors_ambiguous_0_0").click().run()
    no_exception(at)
    assert [(d.kind, d.name, d.value) for d in Layers(store).decisions(cid)] == [(MERGE, "Morrow", "Ada Morrow")]
    assert not [o for o in actor_options(at) if o.startswith("Morrow ·")]
    assert not [k for k in keys(at) if k.startswith("actors_ambiguous_")]  # nothing left ambiguous to show
