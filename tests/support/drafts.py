"""The autumn clean-up in Daugavpils (seed 000) as an activity, and its draft: shared by the draft tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from kopienas.config import PACKAGED_TEMPLATES
from kopienas.core.models import Activity, Community, Programme
from kopienas.outputs.drafts import render_draft

TEMPLATES = PACKAGED_TEMPLATES / "drafts"
# 08:15 UTC is 10:15 in Riga in November (EET, UTC+2).
MADE_AT = datetime(2026, 11, 21, 8, 15, tzinfo=UTC)

# The institutions named in the autumn clean-up article (seed 000), by full name.
CLEAN_UP_INSTITUTIONS = (
    "Daugavpils 11. pamatskola",
    "Daugavpils 13. vidusskola",
    "Daugavpils 15. vidusskola",
    "Bērnu un jauniešu centra “Jaunība” Bērnu klubs “Mezgls”",
    "Daugavpils pilsētas 3. pirmsskolas izglītības iestāde",
    "Daugavpils pilsētas 4. pirmsskolas izglītības iestāde",
    "Daugavpils pilsētas 20. pirmsskolas izglītības iestāde",
    "Daugavpils pilsētas 21. pirmsskolas izglītības iestāde",
    "Daugavpils pilsētas 23. pirmsskolas izglītības iestāde",
    "Daugavpils pilsētas 26. pirmsskolas izglītības iestāde",
    "Daugavpils pilsētas pašvaldības iestādes Sociālais dienests Ģimenes atbalsta centrs/patversme un Sociālā māja",
)

CLEAN_UP_DESCRIPTION = """\
Septembra nogalē aktīvisti Rudens talkā kopīgiem spēkiem sakopa Daugavpils Ķīmiķu mikrorajona un \
Jaunforštadtes mikrorajonu parkus, Gubiščes ezera krastu, Stropu mežaparku, iestāžu teritorijas un \
ģimeņu piemājas teritorijas.

Ievērojot epidemioloģisko situāciju, talka notika atsevišķu iestāžu kolektīvos, kur to dalībnieki \
talkoja un atpūtās svaigā gaisā, bet ģimenes talkoja savās piemājas teritorijās.

Visiem mūsu iestādes dalībniekiem LIELS PALDIES!"""

DAUGAVPILS = Community(
    code="DGP",
    name="Daugavpils",
    resource_centre="Bērnu un jauniešu centra “Jaunība” bērnu klubs “Mezgls”, Smilšu iela 92, Daugavpils",
    coordinator="Arvita Jukša",
    email="arvita.juksa@inbox.lv",
)


def clean_up(**changes) -> Activity:
    activity = Activity(
        row=5,
        id="DGP-2020-07",
        title="Rudens talka",
        community="DGP",
        start=date(2020, 9, 24),
        end=date(2020, 9, 27),
        place="Ķīmiķu un Jaunforštadtes mikrorajoni, Gubiščes ezera krasts, Stropu mežaparks",
        description=CLEAN_UP_DESCRIPTION,
        institutions=CLEAN_UP_INSTITUTIONS,
        children=332,
        adults=48,
        total=380,
        coordinator="Arvita Jukša",
        phone="26825598",
        email="arvita.juksa@inbox.lv",
        links=("https://youtu.be/WzLscVGTHj4",),
        status="held",
        press_release=True,
        community_code="DGP",
        community_name="Daugavpils",
        institution_names=CLEAN_UP_INSTITUTIONS,
    )
    return replace(activity, **changes)


def programme_of(activity: Activity, community: Community = DAUGAVPILS) -> Programme:
    return Programme(activities=(activity,), communities=(community,), institutions=(), partners=())


def draft_of(activity: Activity | None = None, *, community: Community = DAUGAVPILS, **options):
    activity = activity or clean_up()
    options = {"made_at": MADE_AT, "templates_dir": TEMPLATES} | options
    return render_draft(activity, programme_of(activity, community), **options)
