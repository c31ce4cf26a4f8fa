"""The sample programme: activities, communities, institutions and partners.

The activities are modelled on the programme's published articles (the Daugavpils autumn clean-up
of 24–27 September 2020, the resource-centre openings in Daugavpils and Preiļi, the project
“Šķirosim tīrākai nākotnei!”), plus a few rows with the mistakes coordinators typically make, so a
demo run shows what validation does: each kind of mistake once, among them a planned activity whose
day has passed (LUD-2020-01) and one marked held that is still to come (DGP-2027-02). Used by `scripts/make_sample_workbook.py` (the sample
workbook) and by `kopienas init --example` (the same rows in an empty spreadsheet).
"""

from __future__ import annotations

# One activity a line reads like the sheet it becomes.
# fmt: off
from datetime import datetime

ARVITA = ("Arvita Jukša", "26825598", "arvita.juksa@inbox.lv")
ANITA = ("Anita Džeriņa", "29164001", "anita.dzerina@example.com")
INGA = ("Inga Kalniņa", "+371 26 110 245", "inga.kalnina@example.com")
OLGA = ("Olga Petrova", "65421234", "olga.petrova@example.com")

CLEANUP_TEXT = (
    "Septembra nogalē projekta “Darbīgās kopienas” Daugavpils aktīvisti Rudens talkā kopīgiem spēkiem "
    "sakopa Ķīmiķu mikrorajona un Jaunforštadtes mikrorajona parkus, Gubiščes ezera krastu, Stropu "
    "mežaparku, iestāžu teritorijas un ģimeņu piemājas teritorijas.\n\n"
    "Talkā piedalījās pirmsskolas iestāžu, skolu un sociālā darba iestāžu darbinieki un izglītojamie – "
    "bērni un jaunieši, klienti, bērnu vecāki. Ievērojot epidemioloģisko situāciju, talka notika atsevišķu "
    "iestāžu kolektīvos, kur to dalībnieki talkoja un atpūtās svaigā gaisā, bet ģimenes talkoja savās "
    "piemājas teritorijās.\n\nVisiem dalībniekiem liels paldies!"
)
OPENING_DGP = (
    "Izglītības iniciatīvu centrs sadarbībā ar British Council pārstāvniecību Latvijā atvēra projekta "
    "“Darbīgās kopienas” Daugavpils Kopienas resursu centru. Svētkos piedalījās pirmsskolas un skolas "
    "vecuma bērni un viņu vecāki, kopā 11 ģimenes, izglītības iestāžu, Izglītības pārvaldes, Sociālā "
    "dienesta un mediju pārstāvji.\n\n"
    "Dalībnieki darbojās BJC “Jaunība” pedagogu radošajās darbnīcās: veidoja kolāžu “Ko mūsu ģimene dara "
    "kopā”, risināja kvesta uzdevumus par Ķīmiķu mikrorajonu un no krāsainas sāls mīklas veidoja medaļas."
)
OPENING_PRE = (
    "Preiļu novada Bērnu un jauniešu centra telpās notika novada Kopienas resursu centra atvēršanas svētki. "
    "Ar muzikāliem sveicieniem uzstājās popgrupas “Lāsītes 3” un “Lāsītes 7”.\n\n"
    "Pēc uzrunām visi klātesošie keramikas pulciņa vadītāja Raivo Andersona vadībā izgatavoja keramikas "
    "puķu podiņus, kas pēc apdedzināšanas dosies uz Dienas aprūpes centru."
)
SORTING_TEXT = (
    "Daugavpils pilsētas 26. pirmsskolas izglītības iestāde sāk projektu “Šķirosim tīrākai nākotnei!” — "
    "Ķīmijas apkaimes kopienas savstarpējās mācīšanās un atkritumu šķirošanas kultūras veidošanas iniciatīvu.\n\n"
    "Projekta mērķis ir veidot atkritumu šķirošanas paradumus vietējā apkaimē, piedāvājot dažāda vecuma "
    "iedzīvotājiem izglītojošas un praktiskas aktivitātes."
)


def d(day: int, month: int, year: int) -> datetime:
    return datetime(year, month, day)


# (ID, title, community, start, end, place, description, institutions, children, adults, total,
#  coordinator, links, status, press release)
ACTIVITIES = [
    ("DGP-2020-01", "Daugavpils Kopienas resursu centra atvēršanas svētki", "DGP", d(23, 1, 2020), None,
     "BJC “Jaunība” bērnu klubs “Mezgls”, Smilšu iela 92, Daugavpils", OPENING_DGP,
     "BJC Jaunība; Mezgls; 26.PII; 21.PII", 24, 31, 55, ARVITA, "", "Notikusi", "Jā"),
    ("PRE-2020-01", "Preiļu novada Kopienas resursu centra atvēršanas svētki", "Preiļi", d(22, 1, 2020), None,
     "Preiļu novada Bērnu un jauniešu centrs", OPENING_PRE, "PBJC; PRE DAC", 26, 19, 45, ANITA,
     "", "Notikusi", True),
    ("DGP-2020-02", "Zaļo lociņu un diļļu audzēšana senioru palodžu dārziņiem", "DGP", d(2, 3, 2020),
     d(20, 3, 2020), "Ķīmiķu mikrorajons, Daugavpils",
     "Bērni izaudzēja zaļos lociņus un dilles un aiznesa tos vientuļiem senioriem.", "23.PII; 20.PII",
     38, 12, None, ARVITA, "", "Notikusi", "Nē"),
    ("DGP-2020-07", "Rudens talka", "Daugavpils", d(24, 9, 2020), d(27, 9, 2020),
     "Ķīmiķu un Jaunforštadtes mikrorajonu parki, Gubiščes ezera krasts, Stropu mežaparks", CLEANUP_TEXT,
     "11.psk\n13.vsk\n15.vsk\nMezgls\n3.PII\n4.SPII\n20.PII\n21.PII\n23.PII\n26.PII\nSD ĢAC",
     332, 48, 380, ARVITA, "https://youtu.be/WzLscVGTHj4", "Notikusi", "Jā"),
    ("PRE-2020-02", "Keramikas darbnīcas Dienas aprūpes centra apmeklētājiem", "PRE", d(30, 9, 2020),
     d(2, 10, 2020), "Preiļu novada Bērnu un jauniešu centrs",
     "Keramikas pulciņa dalībnieki kopā ar Dienas aprūpes centra apmeklētājiem apgleznoja puķu podiņus.",
     "PBJC; PRE DAC", 14, 17, 31, ANITA, "", "Notikusi", "Nē"),
    ("REZ-2019-01", "Ziemassvētku labdarības akcija “Siltums katrai mājai”", "REZ", d(28, 12, 2019),
     d(2, 1, 2020), "Rēzeknes novada Kopienas resursu centrs",
     "Bērni un jaunieši kopā ar vecākiem sagatavoja un nogādāja dāvanu paciņas vientuļiem senioriem.",
     "REZ BJC", 41, 23, 64, INGA, "https://www.facebook.com/groups/236686581771609", "Notikusi", "Jā"),
    ("DGP-2027-03", "Projekta “Šķirosim tīrākai nākotnei!” sākums", "DGP", "01.09.2027", "31.12.2027",
     "Ķīmijas apkaime, Daugavpils", SORTING_TEXT,
     "26.PII; 21.PII; Ceriņu bibliotēka; SD ĢAC; Mezgls", 96, 34, 130,
     ("Arvita Jukša", "26825598", "daug26pii@inbox.lv"), "", "Plānota", "Jā"),
    ("LUD-2020-01", "Āra nodarbība “Drošība pie ūdens”", "LUD", "2020-08-22", None, "Ludzas Lielais ezers",
     "Glābēji mācīja bērniem un vecākiem drošas uzvedības noteikumus pie ūdens.", "LUD BJC", 27, 11, 38,
     OLGA, "", "Plānota", "Nē"),
    ("DGP-2019-01", "Ziemassvētku rotājumu darbnīca ģimenēm", "DGP", d(12, 12, 2019), None,
     "BJC “Jaunība” bērnu klubs “Mezgls”", "Ģimenes kopā gatavoja rotājumus kopienas eglītei.",
     "Mezgls; 26.PII", 18, 14, 32, ARVITA, "", "Notikusi", "Nē"),
    ("PRE-2026-01", "Adventes koncerts Dienas aprūpes centrā", "PRE", d(29, 11, 2026), None,
     "Preiļu novada Labklājības pārvaldes Dienas aprūpes centrs", "Popgrupas “Lāsītes” koncerts senioriem.",
     "PBJC; PRE DAC", None, None, None, ANITA, "", "Plānota", "Nē"),
    ("DGP-2027-01", "Pavasara talka Gubiščes ezera krastā", "DGP", d(24, 4, 2027), None,
     "Gubiščes ezera krasts", "", "11.psk; 26.PII", None, None, None, ARVITA, "", "Plānota", "Nē"),
    # Rows with the mistakes coordinators typically make, each kind once; dated so that the demo's
    # day (`make run`: 5 October 2020) and any later day flag the same rows and nothing else.
    ("DGP-2020-05", "Lasīšanas pēcpusdiena Ceriņu bibliotēkā", "DGP", d(17, 9, 2020), None,
     "Ceriņu bibliotēka", "Bērni lasīja priekšā senioriem.", "Ceriņu bibliotēka; 27.PII", 12, 5, 18,
     ("Arvita Jukša", "2682559", "arvita.juksa@inbox.lv"), "", "Notikusi", "Jā"),
    None,  # a blank row between entries, as coordinators leave them
    ("", "Putru vārīšanas darbnīca jaunajām māmiņām", "DGP", "12.08.2020.", None,
     "Ģimenes atbalsta centrs", "Jaunās māmiņas mācījās gatavot veselīgas putras.", "SD ĢAC", 9, 11, 20,
     ARVITA, "", "Notikusi", "Nē"),
    ("AGL-2020-02", "Leļļu teātra izrāde", "Aglna", d(5, 9, 2020), d(3, 9, 2020), "Aglonas kultūras centrs",
     "", "AGL vsk", 40, 6, None, ("Inga Kalniņa", "26110245", "inga.kalnina@example"), "www.facebook.com/kopienas",
     "Notikusi", "Jā"),
    ("PRE-2020-02", "Puķu stādu audzēšana", "PRE", "31.02.2021", None, "Preiļi", "", "PBJC", "divdesmit", 4,
     None, ANITA, "", "Notikusi", "Varbūt"),
    ("DGP-2027-02", "Ģimenes dienai veltīts koncerts", "DGP", d(15, 5, 2027), None, "Kultūras pils", "",
     "Mezgls", 50, 20, 70, ARVITA, "", "Notikusi", "Nē"),
]

COMMUNITIES = [
    ("DGP", "Daugavpils", "Daugavpils Kopienas resursu centrs, BJC “Jaunība” bērnu klubs “Mezgls”, Smilšu iela 92, Daugavpils",
     "Arvita Jukša", "arvita.juksa@inbox.lv"),
    ("PRE", "Preiļi", "Preiļu novada Kopienas resursu centrs, Preiļu novada Bērnu un jauniešu centrs",
     "Anita Džeriņa", "anita.dzerina@example.com"),
    ("REZ", "Rēzekne", "Rēzeknes novada Kopienas resursu centrs", "Inga Kalniņa", "inga.kalnina@example.com"),
    ("AGL", "Aglona", "Aglonas Kopienas resursu centrs", "Inga Kalniņa", "inga.kalnina@example.com"),
    ("LUD", "Ludza", "Ludzas novada Kopienas resursu centrs", "Olga Petrova", "olga.petrova@example.com"),
    ("KRA", "Krāslava", "Krāslavas novada Kopienas resursu centrs", "", ""),
]

INSTITUTIONS = [
    ("11.psk", "Daugavpils 11. pamatskola", "DGP"),
    ("13.vsk", "Daugavpils 13. vidusskola", "DGP"),
    ("15.vsk", "Daugavpils 15. vidusskola", "DGP"),
    ("BJC Jaunība", "Daugavpils Bērnu un jauniešu centrs “Jaunība”", "DGP"),
    ("Mezgls", "Bērnu un jauniešu centra “Jaunība” bērnu klubs “Mezgls”", "DGP"),
    ("3.PII", "Daugavpils pilsētas 3. pirmsskolas izglītības iestāde", "DGP"),
    ("4.SPII", "Daugavpils pilsētas 4. speciālā pirmsskolas izglītības iestāde", "DGP"),
    ("20.PII", "Daugavpils pilsētas 20. pirmsskolas izglītības iestāde", "DGP"),
    ("21.PII", "Daugavpils pilsētas 21. pirmsskolas izglītības iestāde", "DGP"),
    ("23.PII", "Daugavpils pilsētas 23. pirmsskolas izglītības iestāde", "DGP"),
    ("26.PII", "Daugavpils pilsētas 26. pirmsskolas izglītības iestāde", "DGP"),
    ("SD ĢAC", "Daugavpils pilsētas pašvaldības iestādes “Sociālais dienests” Ģimenes atbalsta centrs", "DGP"),
    ("Ceriņu bibliotēka", "Latgales Centrālās bibliotēkas filiāle Ceriņu bibliotēka", "DGP"),
    ("PBJC", "Preiļu novada Bērnu un jauniešu centrs", "PRE"),
    ("PRE DAC", "Preiļu novada Labklājības pārvaldes Dienas aprūpes centrs", "PRE"),
    ("REZ BJC", "Rēzeknes novada Bērnu un jauniešu centrs", "REZ"),
    ("AGL vsk", "Aglonas vidusskola", "AGL"),
    ("LUD BJC", "Ludzas novada Bērnu un jauniešu centrs", "LUD"),
]

PARTNERS = [
    ("Daugavpils valstspilsētas Izglītības pārvalde", "izglitibas.parvalde@example.com", "DGP", "lv", "Jā"),
    ("British Council Latvia", "people.to.people@example.org", "Visas", "en", "Jā"),
    ("Izglītības iniciatīvu centrs", "iic.kristine@gmail.com; projekti@example.com", "Visas", "lv", "Jā"),
    ("Preiļu novada pašvaldība", "izglitiba@example.net", "Preiļi; AGL", "lv", True),
    ("Rēzeknes novada pašvaldība", "rezekne@example.net", "REZ", "lv", "Nē"),
]


def activity_rows() -> list[list | None]:
    """The activities in contract column order; None is a blank row left between entries."""
    rows: list[list | None] = []
    for a in ACTIVITIES:
        if a is None:
            rows.append(None)
            continue
        (id_, title, community, start, end, place, desc, inst, children, adults, total, (who, phone, email),
         links, status, release) = a
        rows.append([id_, title, community, start, end, place, desc, inst, children, adults, total, who, phone,
                     email, links, status, release])
    return rows


def rows_by_tab() -> dict[str, list[list | None]]:
    """Every tab's rows in contract column order, by contract tab key."""
    return {
        "activities": activity_rows(),
        "communities": [list(r) for r in COMMUNITIES],
        "institutions": [list(r) for r in INSTITUTIONS],
        "partners": [list(r) for r in PARTNERS],
    }
# fmt: on
