"""The lifecycle status as one pure function of hand-made evidence: each status, the recorded one winning, the
conflict between them, and a cooperation signed before its records were kept."""

import datetime as dt

import pytest
from django.utils import translation

from kembar.cooperations import expiry
from kembar.evaluation import dormancy as dm
from kembar.evaluation import lifecycle as lc

TODAY = dt.date(2026, 6, 1)
PLANNING = {"id": "Perencanaan", "en": "Planning"}
DRAFT = {"id": "Komunikasi luar negeri dan penyusunan draft MoU", "en": "Communication abroad and draft MoU"}
SIGNING = {"id": "Penandatanganan", "en": "Signing"}


def silence_since(last: dt.date, *, start: dt.date = dt.date(2006, 9, 21)) -> dm.Dormancy:
    """Judged today: activities up to `last`, nothing after."""
    cov = dm.Coverage(start.toordinal(), last.toordinal(), False, (), 0, 0)
    return dm.judge(cov, as_of=TODAY)


def mou(key=1, *, signed=dt.date(2006, 9, 21), end=None) -> expiry.Bounds:
    return expiry.Bounds(key, "mou", True, signed, signed, end)


def signed(*, agreements=None, **kw) -> lc.Evidence:
    """An MoU signed on 21 September 2006 (or these LoIs, MoUs and PKSs), with whatever else is given."""
    documents = lc.documents_of(agreements or (mou(),), TODAY)
    base = {"signed": dt.date(2006, 9, 21), "documents": documents, "records": True}
    return lc.Evidence(**(base | kw))


def procedure(done: int, *, of=(PLANNING, DRAFT, SIGNING), signing=False, records=None) -> lc.Procedure:
    return lc.Procedure(
        stages=len(of),
        done=done,
        signed=signing,
        signed_on=None,
        pending=tuple(of[done:]),
        records=done if records is None else records,
        pinned=bool(done),
    )


def test_active_quiet_and_dormant_by_the_silence_running_today():
    assert lc.derive(signed(dormancy=silence_since(TODAY - dt.timedelta(days=30))), today=TODAY).code == lc.ACTIVE
    quiet = lc.derive(signed(dormancy=silence_since(dt.date(2025, 1, 1))), today=TODAY)
    assert (quiet.code, quiet.months, quiet.since) == (lc.QUIET, 17, dt.date(2025, 1, 1))
    dormant = lc.derive(signed(dormancy=silence_since(dt.date(2021, 4, 30))), today=TODAY)
    assert (dormant.code, dormant.derived, dormant.months) == (lc.DORMANT, lc.DORMANT, 61)
    assert not dormant.recorded and not dormant.conflict


def test_approaching_quiet_is_still_active():
    d = silence_since(dt.date(2025, 6, 15))
    assert d.state == dm.APPROACHING
    assert lc.derive(signed(dormancy=d), today=TODAY).code == lc.ACTIVE


def test_signed_with_nothing_to_date_its_silence():
    assert lc.derive(signed(dormancy=None), today=TODAY).code == lc.SIGNED


def test_expired_when_the_last_agreement_lapsed():
    ev = signed(agreements=(mou(end=dt.date(2024, 12, 31)),), dormancy=silence_since(TODAY))
    status = lc.derive(ev, today=TODAY)
    assert (status.code, status.since) == (lc.EXPIRED, dt.date(2024, 12, 31))
    # Renewed by a later MoU still running: not expired.
    renewed = (mou(end=dt.date(2024, 12, 31)), mou(2, signed=dt.date(2024, 11, 1), end=dt.date(2029, 10, 31)))
    assert lc.derive(signed(agreements=renewed, dormancy=silence_since(TODAY)), today=TODAY).code == lc.ACTIVE


def test_ended_when_its_end_has_passed_even_if_expired_too():
    ev = signed(ends=dt.date(2019, 12, 31), agreements=(mou(end=dt.date(2018, 1, 1)),))
    status = lc.derive(ev, today=TODAY)
    assert (status.code, status.since) == (lc.ENDED, dt.date(2019, 12, 31))
    assert lc.derive(signed(ends=TODAY, dormancy=silence_since(TODAY)), today=TODAY).code == lc.ACTIVE


def test_in_procedure_at_its_stage():
    ev = lc.Evidence(procedure=procedure(1), records=True)
    status = lc.derive(ev, today=TODAY)
    assert (status.code, status.stage, status.stages, status.stage_name) == (lc.IN_PROCEDURE, 2, 3, DRAFT)
    with translation.override("en"):
        assert status.derived_text == "in procedure, stage 2 of 3: Communication abroad and draft MoU"
    # Signed only when the signing is recorded: a signing dated after today is not yet one.
    later = lc.Evidence(signed=TODAY + dt.timedelta(days=3), procedure=procedure(2), records=True)
    assert lc.derive(later, today=TODAY).code == lc.IN_PROCEDURE


def test_signing_stage_recorded_signs_it():
    ev = lc.Evidence(procedure=procedure(3, signing=True), records=True, dormancy=silence_since(TODAY))
    status = lc.derive(ev, today=TODAY)
    assert status.code == lc.ACTIVE and not status.signed_before_records


def test_an_unsigned_mou_is_a_draft_that_signs_nothing():
    """The final text of an MoU a procedure's stage requires, dated, neither signed nor produced by a signing:
    the procedure is still under way (not "signed before its records were kept")."""
    draft = lc.documents_of([mou(signed=dt.date(2026, 5, 1))], TODAY, signed=[])
    ev = lc.Evidence(documents=draft, procedure=procedure(2, records=2), records=True)
    status = lc.derive(ev, today=TODAY)
    assert (status.code, status.stage, status.signed_before_records) == (lc.IN_PROCEDURE, 3, False)


def test_unknown_with_nothing_recorded_but_a_pack_named():
    # A pack named, nothing on file: nothing to derive from (not "stuck at its first stage").
    assert lc.derive(lc.Evidence(procedure=procedure(0)), today=TODAY).code == lc.UNKNOWN
    assert lc.derive(lc.Evidence(), today=TODAY).code == lc.UNKNOWN
    # Without a pack, a letter of intent on file is a procedure under way, at no stage.
    loi = expiry.Bounds(9, "loi", True, dt.date(2025, 5, 10), dt.date(2025, 5, 10), None)
    status = lc.derive(lc.Evidence(documents=lc.documents_of([loi], TODAY), records=True), today=TODAY)
    assert (status.code, status.stage) == (lc.IN_PROCEDURE, 0)


def test_signed_before_its_records_were_kept():
    """Bandung–Liuzhou: MoU of 2006, rule pack followed, no stage record in Kembar."""
    ev = signed(procedure=procedure(0), dormancy=silence_since(dt.date(2022, 4, 30)))
    status = lc.derive(ev, today=TODAY)
    assert status.signed_before_records
    assert status.code == lc.DORMANT and status.stage == 0  # not "in procedure, stage 1"
    assert status.signed_on == dt.date(2006, 9, 21)
    assert status.unrecorded == (PLANNING, DRAFT, SIGNING)
    with translation.override("id"):
        assert status.unrecorded_names == ["Perencanaan", DRAFT["id"], "Penandatanganan"]


def test_a_recorded_status_wins_and_says_so():
    ev = signed(recorded=lc.ENDED, dormancy=silence_since(dt.date(2019, 3, 1)))
    status = lc.derive(ev, today=TODAY, recorded_on="2019", recorded_basis="Surat Wali Kota")
    assert (status.code, status.derived, status.recorded) == (lc.ENDED, lc.DORMANT, lc.ENDED)
    assert not status.conflict  # an end explains the silence
    with translation.override("id"):
        assert status.word == "berakhir"
        assert status.text == "dicatat: berakhir (2019, Surat Wali Kota)"
    with translation.override("en"):
        assert status.text == "recorded: ended (2019, Surat Wali Kota)"


def test_a_conflict_between_recorded_and_derived_is_flagged():
    ev = signed(recorded=lc.ACTIVE, dormancy=silence_since(dt.date(2021, 4, 30)))
    status = lc.derive(ev, today=TODAY)
    assert (status.code, status.derived, status.conflict) == (lc.ACTIVE, lc.DORMANT, True)
    with translation.override("id"):
        assert status.text == "dicatat: aktif; menurut catatan: tidak aktif (dorman) — keduanya bertentangan"


@pytest.mark.parametrize(
    ("recorded", "derived", "conflict"),
    [
        (lc.ACTIVE, lc.QUIET, False),
        (lc.ACTIVE, lc.EXPIRED, True),
        (lc.DORMANT, lc.ACTIVE, True),
        (lc.DORMANT, lc.QUIET, False),
        (lc.ENDED, lc.ACTIVE, True),
        (lc.IN_PREPARATION, lc.ACTIVE, True),
        (lc.IDEA, lc.IN_PROCEDURE, False),
        (lc.ACTIVE, lc.UNKNOWN, False),  # no evidence contradicts nothing
    ],
)
def test_conflict_table(recorded, derived, conflict):
    evidence = {
        lc.QUIET: signed(dormancy=silence_since(dt.date(2025, 1, 1))),
        lc.ACTIVE: signed(dormancy=silence_since(TODAY)),
        lc.EXPIRED: signed(agreements=(mou(end=dt.date(2024, 12, 31)),)),
        lc.IN_PROCEDURE: lc.Evidence(procedure=procedure(1), records=True),
        lc.UNKNOWN: lc.Evidence(),
    }[derived]
    status = lc.derive(evidence._replace(recorded=recorded), today=TODAY)
    assert (status.code, status.derived, status.conflict) == (recorded, derived, conflict)


def test_documents_part_holds_the_expiry_rule_on_every_day():
    """What the stored facts keep of the documents gives, on any day, what the expiry rule gives that day."""
    docs = [
        mou(1, signed=dt.date(2010, 3, 1), end=dt.date(2015, 2, 28)),
        mou(2, signed=dt.date(2014, 12, 1), end=dt.date(2019, 11, 30)),
        expiry.Bounds(3, "pks", True, dt.date(2016, 1, 1), dt.date(2016, 12, 31), dt.date(2018, 6, 30), 1),
        expiry.Bounds(4, "loi", True, dt.date(2020, 5, 1), dt.date(2020, 5, 1), None),
    ]
    part = lc.documents_part(docs, signed=[1, 2, 3])
    day = dt.date(2009, 1, 1)
    while day < dt.date(2022, 1, 1):
        flag = expiry.expired(docs, today=day)
        assert lc.documents_at(part, day).lapsed == (flag.due if flag else None), day
        day += dt.timedelta(days=17)
    assert lc.documents_at(part, dt.date(2021, 1, 1)) == lc.Documents(
        (dt.date(2010, 3, 1), dt.date(2010, 3, 1)),
        True,
        dt.date(2018, 6, 30),  # the latest dated: the PKS
    )


def test_every_status_has_an_indonesian_word():
    with translation.override("id"):
        words = {code: lc.label(code) for code in lc.ORDER}
    assert words[lc.ACTIVE] == "aktif" and words[lc.DORMANT] == "tidak aktif (dorman)"
    assert words[lc.ENDED] == "berakhir" and words[lc.IN_PROCEDURE] == "dalam prosedur"
    assert len(set(words.values())) == len(words)
