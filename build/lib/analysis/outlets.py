"""Outlets compared: share of voice, how speakers are cited, stance mix, and the speakers only one outlet quotes.

Every function takes the filtered statements frame (tables.CorpusFrames.statements after the filters) and
returns a tidy DataFrame; `share_chart` and `stance_chart` draw them. Statements of articles without an outlet
are grouped under NO_OUTLET.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .charts import stance_scale
from .tables import UNKNOWN_SPEAKER, stance_order
from .types import STANCES

NO_OUTLET = "(no outlet)"


def _with_outlet(statements: pd.DataFrame) -> pd.DataFrame:
    outlet = statements["outlet"].where(statements["outlet"].notna() & (statements["outlet"] != ""), NO_OUTLET)
    return statements.assign(outlet=outlet)


def outlets(statements: pd.DataFrame) -> pd.DataFrame:
    """outlet, articles, statements, speakers: one row per outlet, most statements first."""
    if statements.empty:
        return pd.DataFrame(columns=["outlet", "articles", "statements", "speakers"])
    st = _with_outlet(statements)
    out = st.groupby("outlet").agg(articles=("article_id", "nunique"), statements=("speaker", "size"),
                                   speakers=("speaker", "nunique")).reset_index()
    return out.sort_values(["statements", "outlet"], ascending=[False, True], ignore_index=True)


def share_of_voice(statements: pd.DataFrame, top_n: int = 10) -> pd.DataFrame:
    """outlet, speaker, statements, share: how often each of the `top_n` most quoted speakers is quoted by each
    outlet, and as a share of that outlet's statements (0–1). Unknown speakers are left out of the top."""
    columns = ["outlet", "speaker", "statements", "share"]
    if statements.empty:
        return pd.DataFrame(columns=columns)
    st = _with_outlet(statements)
    totals = st.groupby("outlet").size()
    known = st[st["speaker"] != UNKNOWN_SPEAKER]
    top = known["speaker"].value_counts().sort_index().sort_values(ascending=False, kind="stable").head(top_n).index
    counts = known[known["speaker"].isin(top)].groupby(["outlet", "speaker"]).size().rename("statements")
    out = counts.reset_index()
    out["share"] = out["statements"] / out["outlet"].map(totals)
    return out.sort_values(["outlet", "statements", "speaker"], ascending=[True, False, True],
                           ignore_index=True)[columns]


def citation(statements: pd.DataFrame) -> pd.DataFrame:
    """outlet, direct, reported, direct_share: quotations against reported speech per outlet."""
    columns = ["outlet", "direct", "reported", "direct_share"]
    if statements.empty:
        return pd.DataFrame(columns=columns)
    st = _with_outlet(statements)
    out = st.groupby("outlet")["direct"].agg(direct="sum", total="size").reset_index()
    out["direct"] = out["direct"].astype(int)
    out["reported"] = out["total"] - out["direct"]
    out["direct_share"] = out["direct"] / out["total"]
    return out.sort_values("outlet", ignore_index=True)[columns]


def stance_mix(statements: pd.DataFrame, by_speaker: bool = False) -> pd.DataFrame:
    """outlet[, speaker], stance, statements, share: the stance mix of each outlet (or speaker × outlet), with
    shares of that outlet's (or that speaker's in that outlet) statements."""
    keys = ["outlet", "speaker"] if by_speaker else ["outlet"]
    columns = [*keys, "stance", "statements", "share"]
    if statements.empty:
        return pd.DataFrame(columns=columns)
    st = _with_outlet(statements)
    counts = st.groupby([*keys, "stance"]).size().rename("statements").reset_index()
    counts["share"] = counts["statements"] / counts.groupby(keys)["statements"].transform("sum")
    order = {s: i for i, s in enumerate(STANCES)}
    counts["_order"] = counts["stance"].map(order).fillna(len(order))
    return counts.sort_values([*keys, "_order"], ignore_index=True)[columns]


def story_gap(statements: pd.DataFrame, min_statements: int = 1) -> pd.DataFrame:
    """speaker, outlet, statements: speakers quoted by exactly one outlet (with at least `min_statements`
    there), when the corpus has two outlets or more; most quoted first."""
    columns = ["speaker", "outlet", "statements"]
    st = _with_outlet(statements) if not statements.empty else statements
    if st.empty or st["outlet"].nunique() < 2:
        return pd.DataFrame(columns=columns)
    known = st[st["speaker"] != UNKNOWN_SPEAKER]
    per = known.groupby(["speaker", "outlet"]).size().rename("statements").reset_index()
    only = per.groupby("speaker")["outlet"].transform("nunique") == 1
    out = per[only & (per["statements"] >= min_statements)]
    return out.sort_values(["statements", "speaker"], ascending=[False, True], ignore_index=True)[columns]


def share_chart(share: pd.DataFrame) -> alt.Chart:
    """A heat map of share of voice: outlets across, speakers down, each cell the speaker's share."""
    speakers = share.groupby("speaker")["statements"].sum().sort_values(ascending=False).index.tolist()
    return alt.Chart(share).mark_rect().encode(
        x=alt.X("outlet:N", title=None, axis=alt.Axis(labelAngle=-30, labelLimit=160)),
        y=alt.Y("speaker:N", title=None, sort=speakers, axis=alt.Axis(labelLimit=220)),
        color=alt.Color("share:Q", title="Share of the outlet's statements", scale=alt.Scale(scheme="blues"),
                        legend=alt.Legend(format=".0%")),
        tooltip=[alt.Tooltip("outlet:N"), alt.Tooltip("speaker:N"), alt.Tooltip("statements:Q"),
                 alt.Tooltip("share:Q", format=".1%")],
    ).properties(height=alt.Step(26))


def stance_chart(mix: pd.DataFrame) -> alt.Chart:
    """Stacked bars of each outlet's stance mix, as shares."""
    stances = stance_order(mix["stance"].unique()) if len(mix) else []
    ranked = mix.assign(stance_rank=mix["stance"].map({s: i for i, s in enumerate(stances)}))
    return alt.Chart(ranked).mark_bar().encode(
        y=alt.Y("outlet:N", title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("share:Q", title="Share of the outlet's statements", stack="normalize", axis=alt.Axis(format="%")),
        color=alt.Color("stance:N", sort=stances, title="Stance", scale=stance_scale(stances),
                        legend=alt.Legend(orient="bottom", columns=4)),
        order=alt.Order("stance_rank:Q"),
        tooltip=[alt.Tooltip("outlet:N"), alt.Tooltip("stance:N"), alt.Tooltip("statements:Q"),
                 alt.Tooltip("share:Q", format=".1%")],
    ).properties(height=alt.Step(30))
