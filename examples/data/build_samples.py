#!/usr/bin/env python3
"""Builds the sample network documents in examples/data from the seed facts and the NRW school
directory (tests/data/nrw-schuldaten-2021.csv, dl-de/by-2-0).

Facts from the seed texts (names, Kommunen, Handlungsfelder, goals, programmes) are real; the
bodies' members, staff, dates of meetings and decisions, offers and events are illustrative
(marked so in each document's name of the sample). Run from the repository root:

    python3 examples/data/build_samples.py
"""
import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIRECTORY = ROOT / "tests" / "data" / "nrw-schuldaten-2021.csv"
OUT = ROOT / "examples" / "data"


def schools(match):
    """Institutions from the 2021 directory whose Gemeindeschlüssel satisfies `match`."""
    with DIRECTORY.open(encoding="utf-8", newline="") as f:
        next(f)  # the "sep=;" line
        rows = list(csv.DictReader(f, delimiter=";"))
    out = []
    for r in rows:
        ags = r["Gemeindeschluessel"]
        if not match(ags):
            continue
        parts = (r["Schulbezeichnung_1"], r["Schulbezeichnung_2"], r["Schulbezeichnung_3"])
        name = " ".join(p.strip() for p in parts if p.strip() and p != "null")
        key = r["Schulform"]
        inst = {"id": f"s-{r['Schulnummer']}", "name": name}
        if key == "0A":
            inst["kind"] = "schulaufsicht"
        else:
            inst["kind"] = "berufskolleg" if key in ("30", "88") else "schule"
        inst["kommune"] = f"k-{ags}"
        inst["gemeindeschluessel"] = ags
        inst["traeger"] = "oeffentlich" if r["Rechtsform"] == "1" else "privat"
        inst["schulnummer"] = r["Schulnummer"]
        if key != "0A":
            inst["schulform"] = key
        inst["plz"] = r["PLZ"]
        inst["ort"] = r["Ort"]
        out.append(inst)
    return out


def kommunen(pairs):
    return [{"id": f"k-{ags}", "name": name, "gemeindeschluessel": ags} for name, ags in pairs]


def first(insts, key):
    return next(i["id"] for i in insts if i.get("schulform") == key)


def aachen():
    ks = kommunen([
        ("Aachen", "05334002"), ("Alsdorf", "05334004"), ("Baesweiler", "05334008"),
        ("Eschweiler", "05334012"), ("Herzogenrath", "05334016"), ("Monschau", "05334020"),
        ("Roetgen", "05334024"), ("Simmerath", "05334028"), ("Stolberg (Rhld.)", "05334032"),
        ("Würselen", "05334036"),
    ])
    insts = schools(lambda ags: ags.startswith("05334"))
    schulamt = next(i["id"] for i in insts if i["kind"] == "schulaufsicht")
    insts += [
        {"id": "p-staedteregion", "name": "StädteRegion Aachen", "kind": "kommune", "kommune": "k-05334002", "traeger": "oeffentlich"},
        {"id": "p-rwth", "name": "RWTH Aachen University", "kind": "hochschule", "kommune": "k-05334002", "traeger": "oeffentlich", "handlungsfelder": ["hf-partnerschaften"]},
        {"id": "p-ihk", "name": "IHK Aachen", "kind": "kammer", "kommune": "k-05334002", "traeger": "oeffentlich", "handlungsfelder": ["hf-uebergaenge"]},
        {"id": "p-vhs", "name": "Volkshochschule Aachen", "kind": "weiterbildungstraeger", "kommune": "k-05334002", "traeger": "oeffentlich"},
        {"id": "p-kita-eschweiler", "name": "Städtische Kita Eschweiler-Mitte", "kind": "kita", "kommune": "k-05334012", "traeger": "oeffentlich", "handlungsfelder": ["hf-uebergaenge"]},
        {"id": "p-schulpsych", "name": "Schulpsychologischer Dienst der StädteRegion Aachen", "kind": "beratungsstelle", "kommune": "k-05334002", "traeger": "oeffentlich"},
        {"id": "p-kubis", "name": "Netzwerk KuBiS – Kulturelle Bildung in Schulen", "kind": "kultureinrichtung", "kommune": "k-05334002", "handlungsfelder": ["hf-partnerschaften"]},
        {"id": "p-lernort", "name": "Science College Overbach", "kind": "ausserschulischer_lernort", "kommune": "k-05334036", "traeger": "privat", "handlungsfelder": ["hf-partnerschaften"]},
        {"id": "p-jugendhilfe", "name": "Jugendamt der StädteRegion Aachen", "kind": "jugendhilfetraeger", "kommune": "k-05334002", "traeger": "oeffentlich"},
        {"id": "p-ki", "name": "Kommunales Integrationszentrum StädteRegion Aachen", "kind": "verwaltung", "kommune": "k-05334002", "traeger": "oeffentlich"},
        {"id": "p-eb-eschweiler", "name": "Erziehungsberatungsstelle Eschweiler", "kind": "beratungsstelle", "kommune": "k-05334012", "traeger": "oeffentlich"},
        {"id": "p-agentur", "name": "Agentur für Arbeit Aachen-Düren, Berufsberatung", "kind": "verwaltung", "kommune": "k-05334002", "traeger": "oeffentlich"},
    ]
    gs, gy = first(insts, "02"), first(insts, "20")
    hf = [
        {"id": "hf-netzwerk", "name": "Bildungsnetzwerk", "goals": [{"id": "z-ganzheitlich", "text": "Bildung ganzheitlich betrachten"}], "measures": [
            {"id": "m-bericht", "title": "Bildungsbericht der StädteRegion", "goal": "z-ganzheitlich", "owner": "p-staedteregion", "partners": [], "start": "2024-01-01", "end": "2025-12-31", "status": "running"}]},
        {"id": "hf-uebergaenge", "name": "Bildungsübergänge", "goals": [{"id": "z-uebergaenge", "text": "Übergänge und Anschlüsse gestalten"}], "measures": [
            {"id": "m-elpri", "title": "Städteregionale ElPri- und OGS-Konferenz", "goal": "z-uebergaenge", "decision": "d-2024-1", "owner": "p-staedteregion", "partners": ["p-kita-eschweiler", gs], "start": "2024-09-01", "status": "running"},
            {"id": "m-ueps", "title": "Lehrersprechtage zum Übergang Primar-/Sekundarstufe (ÜPS)", "goal": "z-uebergaenge", "owner": "p-staedteregion", "partners": [gs, gy], "start": "2024-03-01", "end": "2024-03-31", "status": "completed"},
            {"id": "m-kaoa", "title": "Kommunale Koordinierung KAoA", "goal": "z-uebergaenge", "owner": "p-staedteregion", "partners": ["p-ihk"], "start": "2012-08-01", "status": "running"}]},
        {"id": "hf-partnerschaften", "name": "Bildungspartnerschaften und Partizipation", "goals": [
            {"id": "z-potenziale", "text": "Potenziale der Region nutzen"},
            {"id": "z-beteiligung", "text": "Beteiligung und Eigenverantwortung fördern"}], "measures": [
            {"id": "m-mint", "title": "Netzwerk zur MINT-Förderung", "goal": "z-potenziale", "owner": "p-staedteregion", "partners": ["p-rwth", "p-lernort"], "start": "2023-01-01", "status": "running"},
            {"id": "m-ferienakademie", "title": "Ferienakademien MINT und Kultur", "goal": "z-beteiligung", "decision": "d-2024-2", "owner": "p-staedteregion", "partners": ["p-kubis"], "start": "2025-07-01", "end": "2025-08-15", "status": "planned"}]},
        {"id": "hf-staerkung", "name": "Fachliche Stärkung von Einrichtungen und Akteuren", "goals": [], "measures": []},
    ]
    return {
        "schema_version": 1, "id": "staedteregion-aachen",
        "name": "Bildungsregion StädteRegion Aachen (sample; bodies illustrative)",
        "land": "NW", "territory": "staedteregion", "gemeindeschluessel": "05334000",
        "kommunen": ks,
        "kooperationsvertrag": {"signed_on": "2009-10-21", "parties": ["Land Nordrhein-Westfalen", "StädteRegion Aachen"],
                                 "handlungsfelder": ["hf-netzwerk", "hf-uebergaenge", "hf-partnerschaften", "hf-staerkung"]},
        "bildungskonferenz": {"conferences": [
            {"id": "bk-2023", "date": "2023-11-15", "title": "Bildungskonferenz 2023: Übergänge gestalten", "recommendations": [
                {"id": "r-2023-1", "handlungsfeld": "hf-uebergaenge", "text": "Qualitätsstandards für den Übergang Kita–Grundschule regional vereinbaren"},
                {"id": "r-2023-2", "handlungsfeld": "hf-partnerschaften", "text": "Ferienangebote zu MINT und Kultur in allen zehn Kommunen anbieten"},
                {"id": "r-2023-3", "handlungsfeld": "hf-netzwerk", "text": "Einen jährlichen Bildungstag für alle Bildungspartner einführen"}]}]},
        "lenkungskreis": {"members": [
            {"id": "lk-1", "title": "Städteregionsrat", "role": "kreis", "represents": "p-staedteregion"},
            {"id": "lk-2", "title": "Schulamtsdirektorin", "role": "schulaufsicht", "represents": schulamt},
            {"id": "lk-3", "title": "Bürgermeister (Sprecher der städteregionsangehörigen Kommunen)", "role": "stadt_gemeinde", "kommune": "k-05334012"},
            {"id": "lk-4", "title": "Schulleitung Grundschule", "role": "schulleitung", "represents": gs},
            {"id": "lk-5", "title": "Schulleitung Gymnasium", "role": "schulleitung", "represents": gy},
            {"id": "lk-6", "title": "Leitung des Bildungsbüros", "role": "bildungsbuero"}],
            "decisions": [
                {"id": "d-2024-1", "date": "2024-03-12", "recommendation": "r-2023-1", "status": "adopted", "priority": 1, "text": "ElPri-Konferenz verstetigen und Standards erarbeiten"},
                {"id": "d-2024-2", "date": "2024-03-12", "recommendation": "r-2023-2", "status": "changed", "priority": 2, "text": "Ferienakademien zunächst in vier Kommunen"},
                {"id": "d-2024-3", "date": "2024-03-12", "recommendation": "r-2023-3", "status": "deferred", "text": "Bildungstag nach Haushaltsberatung erneut beraten"}]},
        "bildungsbuero": {"address": "Zollernstraße 16, 52070 Aachen", "founded_on": "2008-06-01", "staff": [
            {"id": "bb-1", "function": "Leitung", "employer": "kommune", "post_share": 1.0},
            {"id": "bb-2", "function": "Schulentwicklungsbegleitung (Lehrkraft)", "employer": "land", "post_share": 0.5},
            {"id": "bb-3", "function": "Übergang Schule–Beruf (KAoA)", "employer": "kommune", "post_share": 1.0},
            {"id": "bb-4", "function": "Bildungsmonitoring", "employer": "kommune", "post_share": 0.75}]},
        "fachforen": [{"id": "ff-elpri", "name": "Arbeitskreis ElPri", "handlungsfeld": "hf-uebergaenge", "members": ["p-kita-eschweiler", gs]}],
        "handlungsfelder": hf,
        "institutions": insts,
        "offers": [
            {"id": "o-ferien-mint", "title": "Ferienakademie MINT", "provider": "p-lernort", "handlungsfeld": "hf-partnerschaften", "kommunen": ["k-05334036"], "min_age": 10, "max_age": 14, "target_groups": ["schueler"], "languages": ["de"], "start": "2025-07-14", "end": "2025-07-25"},
            {"id": "o-bildungsberatung", "title": "Schulpsychologische Beratung", "provider": "p-schulpsych", "kommunen": [k["id"] for k in ks], "min_age": 6, "max_age": 19, "target_groups": ["eltern", "schueler"], "languages": ["de", "en"]},
            {"id": "o-elterncafe", "title": "Elterncafé zum Schulstart", "provider": "p-kita-eschweiler", "handlungsfeld": "hf-uebergaenge", "kommunen": ["k-05334012"], "min_age": 5, "max_age": 6, "target_groups": ["eltern"], "languages": ["de", "tr", "ar"], "start": "2025-01-01", "end": "2025-07-31"},
            {"id": "o-sprachkurs", "title": "Deutsch für neu zugewanderte Jugendliche", "provider": "p-vhs", "handlungsfeld": "hf-uebergaenge", "kommunen": [], "min_age": 16, "max_age": 25, "target_groups": ["neuzugewanderte"], "languages": ["de", "ar", "uk"]}],
        "services": [
            {"id": "sv-schulpsych", "name": "Schulpsychologischer Dienst der StädteRegion Aachen", "provider": "p-schulpsych", "topics": ["schulprobleme", "inklusion", "schullaufbahn"], "min_age": 6, "max_age": 19, "languages": ["de", "en"]},
            {"id": "sv-eb-eschweiler", "name": "Erziehungsberatungsstelle Eschweiler", "provider": "p-eb-eschweiler", "topics": ["erziehung", "schulprobleme"], "kommunen": ["k-05334012"], "min_age": 0, "max_age": 21, "languages": ["de", "tr"]},
            {"id": "sv-ki", "name": "Kommunales Integrationszentrum", "provider": "p-ki", "topics": ["neuzuwanderung", "sprachfoerderung", "schullaufbahn"], "languages": ["de", "ar", "uk", "en"]},
            {"id": "sv-berufsberatung", "name": "Berufsberatung der Agentur für Arbeit", "provider": "p-agentur", "topics": ["berufsorientierung", "studium"], "min_age": 14, "languages": ["de", "en"]},
            {"id": "sv-bildungsbuero", "name": "Bildungsberatung im Bildungsbüro", "provider": "p-staedteregion", "topics": ["schullaufbahn", "weiterbildung", "kinderbetreuung"], "languages": ["de"]}],
        "events": [
            {"id": "e-bk-2023", "title": "Bildungskonferenz 2023", "kind": "bildungskonferenz", "start": "2023-11-15", "organiser": "p-staedteregion", "capacity": 250, "participants": 212},
            {"id": "e-fachtag-2024", "title": "Fachtag Übergänge", "kind": "fachtag", "start": "2024-05-07", "organiser": "p-staedteregion", "capacity": 120, "participants": 118}],
    }


def hagen():
    insts = schools(lambda ags: ags == "05914000")
    schulamt = next(i["id"] for i in insts if i["kind"] == "schulaufsicht")
    insts += [
        {"id": "p-stadt-hagen", "name": "Stadt Hagen", "kind": "kommune", "kommune": "k-05914000", "traeger": "oeffentlich"},
        {"id": "p-okja", "name": "Offene Kinder- und Jugendarbeit Hagen", "kind": "jugendhilfetraeger", "kommune": "k-05914000"},
    ]
    fields = ["Ganztag", "Individuelle Förderung", "Übergänge", "Lebensbegleitendes Lernen", "Inklusion",
              "Medienförderung", "Elternarbeit", "Sprachförderung", "Multiprofessionelle Teams",
              "Kooperation Schule–Jugendhilfe", "Kulturelle Bildung"]
    hf = [{"id": f"hf-{i + 1}", "name": name, "goals": [], "measures": []} for i, name in enumerate(fields)]
    return {
        "schema_version": 1, "id": "hagen", "name": "Regionales Bildungsnetzwerk Hagen (sample; bodies illustrative)",
        "land": "NW", "territory": "kreisfreie_stadt", "gemeindeschluessel": "05914000",
        "kommunen": kommunen([("Hagen", "05914000")]),
        "kooperationsvertrag": {"signed_on": "2009-06-30", "parties": ["Land Nordrhein-Westfalen", "Stadt Hagen"],
                                 "handlungsfelder": [h["id"] for h in hf]},
        "bildungskonferenz": {"conferences": [{"id": "bk-hagen-2024", "date": "2024-10-10", "title": "Jährliche Bildungskonferenz", "recommendations": []}]},
        "lenkungskreis": {"members": [
            {"id": "lk-h1", "title": "Beigeordnete für Bildung", "role": "kreis", "represents": "p-stadt-hagen"},
            {"id": "lk-h2", "title": "Schulaufsicht", "role": "schulaufsicht", "represents": schulamt},
            {"id": "lk-h3", "title": "Schulleitung Grundschule", "role": "schulleitung", "represents": first(insts, "02")},
            {"id": "lk-h4", "title": "Schulleitung Gesamtschule", "role": "schulleitung", "represents": first(insts, "15")}], "decisions": []},
        "bildungsbuero": {"staff": [
            {"id": "bb-h1", "function": "Leitung", "employer": "kommune", "post_share": 1.0},
            {"id": "bb-h2", "function": "Lehrkraft (abgeordnet)", "employer": "land", "post_share": 0.5}]},
        "handlungsfelder": hf,
        "institutions": insts,
    }


def pulheim():
    insts = schools(lambda ags: ags == "05362036")
    insts += [
        {"id": "p-stadt-pulheim", "name": "Stadt Pulheim", "kind": "kommune", "kommune": "k-05362036", "traeger": "oeffentlich"},
        {"id": "p-eb-pulheim", "name": "Erziehungsberatungsstelle", "kind": "beratungsstelle", "kommune": "k-05362036"},
        {"id": "p-spd-rek", "name": "Schulpsychologischer Dienst des Rhein-Erft-Kreises", "kind": "beratungsstelle"},
    ]
    return {
        "schema_version": 1, "id": "pulheim", "name": "Kommunales Bildungsbüro Pulheim (sample after Beschlussvorlage 30/2011)",
        "land": "NW", "territory": "kreisangehoerige_stadt", "gemeindeschluessel": "05362036",
        "kommunen": kommunen([("Pulheim", "05362036")]),
        "bildungsbuero": {"founded_on": "2011-03-01", "staff": [
            {"id": "bb-p1", "function": "Vernetzung und Koordination", "employer": "kommune", "post_share": 1.0},
            {"id": "bb-p2", "function": "Bildungsmonitoring und Beratung", "employer": "kommune", "post_share": 1.0}]},
        "handlungsfelder": [{"id": "hf-monitoring", "name": "Bildungsmonitoring", "goals": [{"id": "z-uebersicht", "text": "Eine Übersicht aller Bildungsangebote schaffen"}], "measures": []}],
        "institutions": insts,
    }


def koblenz():
    insts = [
        {"id": "p-stadt-koblenz", "name": "Stadt Koblenz", "kind": "kommune", "kommune": "k-07111000", "traeger": "oeffentlich"},
        {"id": "p-gs-koblenz", "name": "Grundschule (Beispiel)", "kind": "schule", "kommune": "k-07111000", "traeger": "oeffentlich"},
        {"id": "p-rsplus-koblenz", "name": "Realschule plus (Beispiel)", "kind": "schule", "kommune": "k-07111000", "traeger": "oeffentlich"},
        {"id": "p-ki-koblenz", "name": "Bildungskoordination für Neuzugewanderte", "kind": "verwaltung", "kommune": "k-07111000", "traeger": "oeffentlich"},
        {"id": "p-traeger-demokratie", "name": "Projektträger Demokratiewerkstatt (Beispiel)", "kind": "verein", "kommune": "k-07111000", "traeger": "privat"},
    ]
    names = ["Frühkindliche Bildung", "Schulische Bildung", "Übergang Schule–Beruf", "Berufliche Bildung",
             "Hochschule", "Weiterbildung", "Integration Neuzugewanderter", "Politische Bildung"]
    hf = [{"id": f"hf-ko-{i + 1}", "name": n, "goals": [], "measures": []} for i, n in enumerate(names)]
    hf[7]["goals"] = [{"id": "z-demokratie", "text": "Demokratie fördern, Vielfalt gestalten, Extremismus vorbeugen"}]
    hf[7]["measures"] = [{"id": "m-pfd", "title": "Partnerschaft für Demokratie: Projektförderung", "goal": "z-demokratie", "owner": "p-stadt-koblenz", "partners": ["p-traeger-demokratie"], "start": "2018-10-01", "status": "running"}]
    return {
        "schema_version": 1, "id": "koblenz", "name": "Bildungsbüro Koblenz (sample from the seed text)",
        "land": "RP", "territory": "kreisfreie_stadt", "gemeindeschluessel": "07111000",
        "kommunen": kommunen([("Koblenz", "07111000")]),
        "bildungsbuero": {"staff": [
            {"id": "bb-k1", "function": "Bildungsmonitoring", "employer": "kommune", "post_share": 1.0},
            {"id": "bb-k2", "function": "Bildungsmanagement", "employer": "kommune", "post_share": 1.0},
            {"id": "bb-k3", "function": "Bildungskoordination für Neuzugewanderte", "employer": "dritte", "post_share": 1.0},
            {"id": "bb-k4", "function": "Koordinierungs- und Fachstelle Demokratie leben!", "employer": "dritte", "post_share": 0.5}]},
        "handlungsfelder": hf,
        "institutions": insts,
        "programmes": [
            {"id": "pr-demokratie-leben", "name": "Demokratie leben! – Partnerschaft für Demokratie Koblenz", "funder": "BMFSFJ", "start": "2018-10-01", "end": "2024-12-31", "max_amount_cents": 1000000,
             "eligible_applicants": ["verein", "schule", "jugendhilfetraeger", "kultureinrichtung"],
             "required_fields": ["zielgruppe", "handlungsfeld"],
             "applications": [
                 {"id": "a-dw-2023", "applicant": "p-traeger-demokratie", "project": "Demokratiewerkstatt an Schulen", "amount_cents": 850000, "submitted_on": "2023-01-15", "start": "2023-03-01", "end": "2023-12-15",
                  "fields": {"zielgruppe": "Schülerinnen und Schüler der Klassen 8–10", "handlungsfeld": "Demokratieförderung"},
                  "payments": [{"date": "2023-03-10", "amount_cents": 425000}, {"date": "2023-09-01", "amount_cents": 425000}]},
                 {"id": "a-dw-2024", "applicant": "p-traeger-demokratie", "project": "Jugendforum Koblenz", "amount_cents": 600000, "submitted_on": "2023-11-30", "start": "2024-02-01", "end": "2024-11-30",
                  "fields": {"zielgruppe": "Jugendliche von 14 bis 21", "handlungsfeld": "Jugendbeteiligung"},
                  "payments": [{"date": "2024-02-15", "amount_cents": 300000}]}]},
            {"id": "pr-bildung-integriert", "name": "Bildung integriert", "funder": "BMBF", "start": "2015-01-01", "end": "2022-12-31"},
            {"id": "pr-neuzugewanderte", "name": "Kommunale Koordinierung der Bildungsangebote für Neuzugewanderte", "funder": "BMBF", "start": "2016-09-01", "end": "2023-12-31"}],
    }


def pulheim_schools():
    """An institution-list document: Pulheim's schools as the 2021 directory lists them."""
    return {
        "schema_version": 1,
        "source": "NRW Schuldaten 2021 (MSB NRW open data), Datenlizenz Deutschland – Namensnennung 2.0",
        # A list stands alone: no network, so no Kommune ids to refer to.
        "institutions": [{k: v for k, v in i.items() if k != "kommune"} for i in schools(lambda ags: ags == "05362036")],
    }


def main():
    for name, build in [("staedteregion-aachen", aachen), ("hagen", hagen), ("pulheim", pulheim), ("koblenz", koblenz), ("pulheim-schulen", pulheim_schools)]:
        path = OUT / f"{name}.json"
        path.write_text(json.dumps(build(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
