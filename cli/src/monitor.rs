//! `monitor`: the standard indicators from learner-level monitoring records (or the school
//! tables from a directory file), protected by the library's disclosure control, written as one
//! CSV per table — German `;` and decimal comma on request — and, on request, one SVG bar
//! chart per table for a Bildungsbericht.

use std::fmt::Write as _;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use bildungsnetz::calendar::{Date, SchoolYear};
use bildungsnetz::io::directory::Importer;
use bildungsnetz::model::Network;
use bildungsnetz::monitor::MonitorError;
use bildungsnetz::monitor::directory::directory_tables;
use bildungsnetz::monitor::indicator::{
    IfEmpty, IndicatorResult, IndicatorSet, LandConvention, Reason, Uncounted, standard_indicators,
};
use bildungsnetz::monitor::record::{read_records_delimited, read_records_jsonl};
use bildungsnetz::monitor::register::Register;
use bildungsnetz::monitor::sdc::{Conflict, Method, Protection};
use bildungsnetz::monitor::table::{Table, label};
use clap::Args;

use crate::input::{self, read_all, unwritable};
use crate::text::Lang;
use crate::{CommandResult, Failure, Status, shown};

/// Arguments of `monitor`.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["records", "directory"])))]
pub(crate) struct MonitorArgs {
    /// Monitoring-Datensätze auf Ebene der Schülerinnen und Schüler: CSV (; , oder Tab; UTF-8, mit BOM oder Windows-1252) oder JSON Lines.
    #[arg(long = "datensaetze", visible_alias = "records", value_name = "DATEI")]
    records: Option<PathBuf>,
    /// Statt Datensätzen: eine Schulverzeichnis-Datei (Schulen und Schülerzahlen je Kommune).
    #[arg(
        long = "verzeichnis",
        visible_alias = "directory",
        value_name = "DATEI"
    )]
    directory: Option<PathBuf>,
    /// Das gezählte Schuljahr (z. B. 2024/25).
    #[arg(
        long = "schuljahr",
        visible_alias = "school-year",
        value_name = "SCHULJAHR"
    )]
    school_year: Option<String>,
    /// Die Kommunen (8-stellige Gemeindeschlüssel, auch k-05334002 oder 12-stelliger
    /// Regionalschlüssel; durch Komma getrennt).
    #[arg(long = "kommunen", value_delimiter = ',', value_name = "AGS")]
    kommunen: Vec<String>,
    /// Die Kommunen aus diesem Netzwerk-Dokument nehmen.
    #[arg(long = "netzwerk", visible_alias = "network", value_name = "DATEI")]
    network: Option<PathBuf>,
    /// Nur Verzeichnis: der Anfang der Gemeindeschlüssel (05 ganz NRW, 05334 StädteRegion Aachen).
    #[arg(long = "ags", default_value = "05")]
    ags: String,
    /// Der Ausgabeordner.
    #[arg(long = "ausgabe", visible_alias = "out", value_name = "ORDNER")]
    out: PathBuf,
    /// Deutsche CSV: Semikolon und Dezimalkomma (für Excel).
    #[arg(long = "deutsch", visible_alias = "german")]
    german: bool,
    /// Zusätzlich je Tabelle ein SVG-Balkendiagramm zeichnen.
    #[arg(long = "svg")]
    svg: bool,
    /// Register der früheren Veröffentlichungen (JSON): wird gelesen, beachtet (früher Gezeigtes bleibt gezeigt, früher Gesperrtes bleibt gesperrt) und um diese Veröffentlichung ergänzt; fehlt die Datei, wird sie angelegt.
    #[arg(long = "register", value_name = "DATEI", requires_all = ["release", "date"])]
    register: Option<PathBuf>,
    /// Mit --register: der Name dieser Veröffentlichung (z. B. „Bildungsbericht 2025“).
    #[arg(
        long = "veroeffentlichung",
        visible_alias = "release",
        value_name = "NAME",
        requires = "register"
    )]
    release: Option<String>,
    /// Mit --register: das Datum dieser Veröffentlichung (JJJJ-MM-TT).
    #[arg(
        long = "datum",
        visible_alias = "date",
        value_name = "DATUM",
        requires = "register"
    )]
    date: Option<String>,
    /// Trennzeichen der Datensatz-CSV (Vorgabe: aus der Kopfzeile erkannt).
    #[arg(
        long = "trennzeichen",
        visible_alias = "delimiter",
        value_name = "ZEICHEN"
    )]
    delimiter: Option<String>,
    /// Zellen mit weniger Fällen sperren (Vorgabe 3; mindestens 1).
    #[arg(
        long = "mindestfallzahl",
        visible_alias = "min-frequency",
        value_name = "N"
    )]
    min_frequency: Option<u64>,
    /// Nach dem Sperren alle Werte auf ein Vielfaches runden (IT.NRW: 5; mindestens 1).
    #[arg(long = "runden", visible_alias = "round", value_name = "BASIS")]
    round: Option<u64>,
    /// Auch Kennzahlen ohne einen gezählten Datensatz ausgeben (sonst ein Fehler mit den Gründen).
    #[arg(long = "leere-zulassen", visible_alias = "allow-empty")]
    allow_empty: bool,
}

/// The protection asked for: the default with the options given — refused, naming the
/// option, when it protects nothing. The directory's pupil numbers are magnitudes (a large
/// school dominates its Kommune's sum), so they start from the dominance rule, as in C and
/// Python.
fn protection(args: &MonitorArgs, lang: Lang) -> Result<Protection, Failure> {
    let mut p = if args.directory.is_some() {
        Protection::magnitude()
    } else {
        Protection::default()
    };
    if let Some(n) = args.min_frequency {
        p.min_frequency = n;
    }
    if let Some(base) = args.round {
        p.method = Method::RoundBase(base);
    }
    p.check().map_err(|e| {
        let option = match (args.min_frequency, args.round) {
            (Some(0), _) => "--mindestfallzahl",
            _ => "--runden",
        };
        Failure(format!(
            "{option}: {}",
            match lang {
                Lang::De => "muss mindestens 1 sein".to_owned(),
                Lang::En => e.to_string(),
            }
        ))
    })?;
    Ok(p)
}

pub(crate) fn run(args: &MonitorArgs, lang: Lang) -> CommandResult {
    let protection = protection(args, lang)?;
    let mut register = match &args.register {
        Some(path) if args.records.is_some() => Some(read_register(path, lang)?),
        Some(_) => {
            return Err(Failure(
                lang.pick(
                    "--register gilt nur für --datensaetze",
                    "--register applies to --records only",
                )
                .to_owned(),
            ));
        }
        None => None,
    };
    let mut status = Status::Ok;
    let tables = match (&args.records, &args.directory) {
        (Some(records), _) => {
            let (tables, lost) =
                indicator_tables(args, records, &protection, register.as_mut(), lang)?;
            if lost {
                status = Status::Problems;
            }
            tables
        }
        (None, Some(directory)) => {
            let bytes = read_all(directory, lang)?;
            let importer = Importer::new().map_err(|e| Failure(e.to_string()))?;
            let result = importer.read(bytes.as_slice());
            if result.institutions.is_empty() {
                return Err(Failure(format!(
                    "{}: {}",
                    shown(directory),
                    lang.pick(
                        "keine Schule eingelesen (bildungsnetz verzeichnis zeigt, warum)",
                        "no school imported (bildungsnetz import-directory shows why)"
                    )
                )));
            }
            let t = directory_tables(&result.institutions, &args.ags, &protection)
                .map_err(|e| monitor_failure(&e, lang))?;
            vec![
                (lang.pick("Schulen", "Schools").to_owned(), t.schools),
                (
                    lang.pick(
                        "Schülerinnen und Schüler nach Schulform",
                        "Pupils by Schulform",
                    )
                    .to_owned(),
                    t.pupils_by_schulform,
                ),
                (
                    lang.pick(
                        "Schülerinnen und Schüler nach Sozialindex",
                        "Pupils by Sozialindex",
                    )
                    .to_owned(),
                    t.pupils_by_sozialindex,
                ),
            ]
        }
        (None, None) => return Err(Failure("--datensaetze / --verzeichnis".to_owned())),
    };
    std::fs::create_dir_all(&args.out).map_err(|e| unwritable(&args.out, &e, lang))?;
    for (title, table) in &tables {
        let csv_path = args.out.join(format!("{}.csv", table.id));
        let text = if args.german {
            german_csv(table)
        } else {
            table.to_csv()
        };
        write(&csv_path, text.as_bytes(), lang)?;
        let suppressed = table.value.iter().filter(|v| v.is_none()).count();
        say!(
            "{}: {} {}, {} {}",
            shown(&csv_path),
            lang.count(table.len()),
            lang.pick("Zeilen", "rows"),
            lang.count(suppressed),
            lang.pick("gesperrt (.)", "suppressed (.)")
        );
        if args.svg {
            let svg_path = args.out.join(format!("{}.svg", table.id));
            write(&svg_path, bar_chart(title, table, lang).as_bytes(), lang)?;
            say!("{}", shown(&svg_path));
        }
    }
    if let (Some(path), Some(register)) = (&args.register, &register) {
        // Written beside it, then renamed: an interrupted run never leaves half a register.
        let mut partial = path.as_os_str().to_owned();
        partial.push(".neu");
        let partial = PathBuf::from(partial);
        write(&partial, register.to_json().as_bytes(), lang)?;
        std::fs::rename(&partial, path).map_err(|e| unwritable(path, &e, lang))?;
        say!(
            "{}: {} {}",
            shown(path),
            lang.count(register.releases().len()),
            lang.pick("Veröffentlichungen im Register", "releases in the register")
        );
    }
    Ok(status)
}

/// Reads the register, or starts an empty one if the file does not exist yet (said on
/// stderr, so that a mistyped name does not pass unnoticed).
fn read_register(path: &Path, lang: Lang) -> Result<Register, Failure> {
    if !path.exists() {
        eprintln!(
            "{}: {}",
            shown(path),
            lang.pick(
                "das Register gibt es noch nicht; es wird mit dieser Veröffentlichung angelegt",
                "the register does not exist yet; it is created with this release"
            )
        );
        return Ok(Register::new());
    }
    let bytes = read_all(path, lang)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Failure(format!(
            "{}: {}",
            shown(path),
            lang.pick("das Register ist kein UTF-8", "the register is not UTF-8")
        ))
    })?;
    Register::from_json(text).map_err(|e| {
        let Failure(message) = monitor_failure(&e, lang);
        Failure(format!("{}: {message}", shown(path)))
    })
}

fn write(path: &Path, bytes: &[u8], lang: Lang) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| unwritable(path, &e, lang))
}

fn monitor_failure(error: &MonitorError, lang: Lang) -> Failure {
    match (lang, error) {
        (Lang::De, MonitorError::Record { line, field, kind }) => {
            let field = field
                .as_deref()
                .map_or_else(String::new, |f| format!(", Feld {f}"));
            Failure(format!(
                "Datensatz in Zeile {line}{field}: {}",
                lang.record_error(*kind)
            ))
        }
        (
            Lang::De,
            MonitorError::Register {
                table,
                labels,
                release,
                conflict,
            },
        ) => {
            let cell = if labels.is_empty() {
                String::new()
            } else {
                format!(", Zelle [{}]", labels.join(", "))
            };
            let release = release
                .as_ref()
                .map(|r| format!(", Veröffentlichung „{r}“"))
                .unwrap_or_default();
            Failure(format!(
                "Tabelle {table}{cell}{release}: {}",
                german_conflict(*conflict)
            ))
        }
        (Lang::De, MonitorError::RegisterFile { pointer, message }) => Failure(format!(
            "Register, an der Stelle „{pointer}“ (JSON-Pointer): {message}"
        )),
        (
            Lang::De,
            MonitorError::EmptyPopulation {
                indicator,
                main_reasons,
            },
        ) => {
            let reasons: Vec<String> = main_reasons.iter().map(german_reason).collect();
            Failure(format!(
                "Kennzahl {indicator}: kein Datensatz gezählt ({}); mit --leere-zulassen wird die leere Tabelle trotzdem ausgegeben",
                if reasons.is_empty() {
                    "keine Datensätze".to_owned()
                } else {
                    reasons.join("; ")
                }
            ))
        }
        _ => Failure(error.to_string()),
    }
}

fn german_conflict(conflict: Conflict) -> String {
    match conflict {
        Conflict::NowPrimary => {
            "früher gezeigt, jetzt unter der Geheimhaltungsschwelle (die Daten haben sich geändert)"
        }
        Conflict::ValueChanged => {
            "früher mit einem anderen Wert gezeigt (berichtigte Daten werden nicht veröffentlicht: der Unterschied zählte die berichtigten Datensätze)"
        }
        Conflict::Determined => "durch die früher gezeigten Zellen bestimmt",
        Conflict::NothingToSuppress => {
            "daneben ist keine Zelle mehr sperrbar: alle wurden früher gezeigt"
        }
        Conflict::DefinitionChanged => {
            "früher anders abgegrenzt veröffentlicht (Landeskonvention, Jahrgänge oder Codes)"
        }
        Conflict::KommunenChanged => "früher für andere Kommunen veröffentlicht",
        Conflict::LinkedNotInRun => {
            "zählt dieselbe Grundgesamtheit wie eine Kennzahl dieses Laufs, wird aber nicht mit ihr veröffentlicht: beide gemeinsam veröffentlichen"
        }
        other => return other.to_string(),
    }
    .to_owned()
}

/// One reason in German: the count, why, the field — never a value.
fn german_reason(u: &Uncounted) -> String {
    let (n, field) = (u.records, &u.field);
    match u.reason {
        Reason::OtherSchoolYear => format!("{n} aus einem anderen Schuljahr"),
        Reason::GradeOutside => format!("{n} aus einer anderen Klassenstufe"),
        Reason::ExcludedSchulform => format!("{n} aus einer ausgenommenen Schulform"),
        Reason::WithoutFact => format!("{n} ohne Angabe in {field}"),
        Reason::OtherCode => format!("{n} mit einem hier nicht gezählten Wert in {field}"),
        Reason::KommuneNotInSet => {
            format!("{n} mit einer Kommune außerhalb der Auswahl in {field}")
        }
        Reason::MissingValue => format!("{n} VERLOREN: {field} fehlt"),
        Reason::UnknownCode => format!("{n} VERLOREN: {field} ist kein bekannter Schlüssel"),
        _ => format!("{n} {}", u.reason.name()),
    }
}

/// Says on stderr per indicator how many records it counted and, a line each, why the others
/// were not; returns whether records were lost (meant for an indicator, but in no cell).
fn report_uncounted(results: &[IndicatorResult], lang: Lang) -> bool {
    let mut lost = false;
    for r in results {
        eprintln!(
            "{} {}: {} {}",
            lang.pick("Kennzahl", "indicator"),
            r.id,
            lang.count(usize::try_from(r.counted).unwrap_or(usize::MAX)),
            lang.pick("Datensätze gezählt", "records counted")
        );
        for u in &r.uncounted {
            lost |= u.reason.is_lost();
            let line = match lang {
                Lang::De => german_reason(u),
                Lang::En => u.to_string(),
            };
            eprintln!("  {} {line}", lang.pick("nicht gezählt:", "not counted:"));
        }
    }
    lost
}

fn indicator_tables(
    args: &MonitorArgs,
    records_path: &Path,
    protection: &Protection,
    register: Option<&mut Register>,
    lang: Lang,
) -> Result<(Vec<(String, Table)>, bool), Failure> {
    let year: SchoolYear = args
        .school_year
        .as_deref()
        .ok_or_else(|| {
            Failure(
                lang.pick(
                    "--schuljahr fehlt (z. B. 2024/25)",
                    "--school-year is missing (e.g. 2024/25)",
                )
                .to_owned(),
            )
        })?
        .parse()
        .map_err(|_| {
            Failure(
                lang.pick(
                    "das Schuljahr hat die Form 2024/25",
                    "a school year is written 2024/25",
                )
                .to_owned(),
            )
        })?;
    let mut kommunen = bildungsnetz::vocabulary::kommune_list(&args.kommunen);
    if let Some(path) = &args.network {
        let network =
            Network::from_path(path).map_err(|e| Failure(format!("{}: {e}", shown(path))))?;
        kommunen.extend(
            network
                .kommunen
                .iter()
                .map(|k| k.gemeindeschluessel.clone()),
        );
    }
    if kommunen.is_empty() {
        return Err(Failure(
            lang.pick(
                "die Kommunen fehlen: --kommunen 05334002,05334004 oder --netzwerk DATEI",
                "no Kommunen: --kommunen 05334002,05334004 or --network FILE",
            )
            .to_owned(),
        ));
    }
    let bytes = read_all(records_path, lang)?;
    let jsonl = records_path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
    let records = if jsonl {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        read_records_jsonl(BufReader::new(body))
    } else {
        // As `entscheiden` reads learner files: the encoding and the delimiter detected (or
        // given) and said on stderr.
        let (text, encoding) = input::decode_whole(bytes, records_path, lang)?;
        let delimiter = match &args.delimiter {
            Some(d) => input::parse_delimiter(d, lang)?,
            None => input::detect_delimiter(&text),
        };
        eprintln!(
            "{}: CSV, {} {}, {}",
            shown(records_path),
            lang.pick("Trennzeichen", "delimiter"),
            input::describe_delimiter(delimiter, lang),
            encoding.describe(lang)
        );
        read_records_delimited(text.as_slice(), delimiter)
    }
    .map_err(|e| {
        let Failure(message) = monitor_failure(&e, lang);
        Failure(format!("{}: {message}", shown(records_path)))
    })?;
    let mut specs = standard_indicators(year, LandConvention::nrw());
    let mut set =
        IndicatorSet::new(specs.clone(), &kommunen).map_err(|e| monitor_failure(&e, lang))?;
    let mut partials = set.count(&records).map_err(|e| monitor_failure(&e, lang))?;
    // A records file feeds some of the standard indicators only: the others are named and
    // left out (all empty stays an error; --leere-zulassen writes them empty).
    let some_counted = partials.counted.iter().any(|&n| n > 0);
    if !args.allow_empty && some_counted && partials.counted.contains(&0) {
        for ((spec, &counted), uncounted) in
            specs.iter().zip(&partials.counted).zip(&partials.uncounted)
        {
            if counted == 0 {
                let mut main = uncounted.clone();
                main.sort_by_key(|u| std::cmp::Reverse(u.records));
                main.truncate(3);
                let reasons: Vec<String> = match lang {
                    Lang::De => main.iter().map(german_reason).collect(),
                    Lang::En => main.iter().map(ToString::to_string).collect(),
                };
                eprintln!(
                    "{} {}: {} ({}) – {}",
                    lang.pick("Kennzahl", "indicator"),
                    spec.id,
                    lang.pick("kein Datensatz gezählt", "no record counted"),
                    reasons.join("; "),
                    lang.pick(
                        "nicht ausgegeben (--leere-zulassen gibt sie leer aus)",
                        "not written (--allow-empty writes it empty)"
                    )
                );
            }
        }
        let counted = partials.counted.clone();
        let mut kept = counted.iter().map(|&n| n > 0);
        specs.retain(|_| kept.next().unwrap_or(false));
        set = IndicatorSet::new(specs.clone(), &kommunen).map_err(|e| monitor_failure(&e, lang))?;
        partials = set.count(&records).map_err(|e| monitor_failure(&e, lang))?;
    }
    let titles: Vec<String> = specs.iter().map(|s| s.title.clone()).collect();
    let if_empty = if args.allow_empty {
        IfEmpty::Publish
    } else {
        IfEmpty::Fail
    };
    let results = match register {
        None => set.publish(&partials, protection, if_empty),
        Some(register) => {
            let name = args.release.as_deref().unwrap_or_default();
            let date: Date = args
                .date
                .as_deref()
                .unwrap_or_default()
                .parse()
                .map_err(|_| {
                    Failure(
                        lang.pick(
                            "--datum hat die Form JJJJ-MM-TT (z. B. 2025-03-14)",
                            "--date is written YYYY-MM-DD (e.g. 2025-03-14)",
                        )
                        .to_owned(),
                    )
                })?;
            set.publish_registered(&partials, protection, if_empty, register, name, date)
        }
    }
    .map_err(|e| monitor_failure(&e, lang))?;
    let lost = report_uncounted(&results, lang);
    let mut tables = Vec::new();
    for (result, title) in results.into_iter().zip(titles) {
        for table in result.tables {
            tables.push((title.clone(), table));
        }
    }
    Ok((tables, lost))
}

/// The German name of a value column.
fn german_column(name: &str) -> &str {
    match name {
        "count" => "anzahl",
        "pupils" => "schueler",
        "schools" => "schulen",
        "denominator" => "nenner",
        "rate" => "quote",
        "margin" => "summe_ueber",
        other => other,
    }
}

/// The table as German Excel reads it: `;` between fields, decimal comma, `.` for suppressed
/// cells and `Insgesamt` for totals (as the statistical offices write it), the margin column
/// (`summe_ueber`) last, UTF-8 with BOM.
fn german_csv(table: &Table) -> String {
    let field = |s: &str| {
        if s.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut out = String::from("\u{feff}");
    let mut header: Vec<String> = table.dimensions.iter().map(|d| field(d)).collect();
    header.push(german_column(&table.value_name).to_owned());
    if table.denominator.is_some() {
        header.push("nenner".to_owned());
    }
    if table.rate.is_some() {
        header.push("quote".to_owned());
    }
    header.push(german_column("margin").to_owned());
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for i in 0..table.len() {
        let mut row: Vec<String> = table
            .labels
            .iter()
            .map(|col| field(label(col, i)))
            .collect();
        let number = |v: Option<u64>| v.map_or_else(|| ".".to_owned(), |v| v.to_string());
        row.push(number(table.value.get(i).copied().flatten()));
        if let Some(d) = &table.denominator {
            row.push(number(d.get(i).copied().flatten()));
        }
        if let Some(r) = &table.rate {
            row.push(match r.get(i).copied().flatten() {
                Some(x) => format!("{x:.6}").replace('.', ","),
                None => ".".to_owned(),
            });
        }
        row.push(field(
            table.margin.get(i).and_then(Option::as_deref).unwrap_or(""),
        ));
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}

/// A horizontal bar chart of a table: one bar per row (the rate where the table has one, else
/// the value); suppressed cells are drawn as `.` without a bar.
fn bar_chart(title: &str, table: &Table, lang: Lang) -> String {
    const BAR_HEIGHT: usize = 16;
    const LABEL_WIDTH: usize = 330;
    const BAR_WIDTH: f64 = 420.0;
    let shown_values: Vec<Option<f64>> = (0..table.len())
        .map(|i| match &table.rate {
            Some(r) => r.get(i).copied().flatten().map(|x| x * 100.0),
            None => table.value.get(i).copied().flatten().map(|v| v as f64),
        })
        .collect();
    let max = shown_values
        .iter()
        .flatten()
        .fold(0.0_f64, |m, v| m.max(*v))
        .max(f64::MIN_POSITIVE);
    let height = 60 + BAR_HEIGHT * table.len();
    let width = LABEL_WIDTH + BAR_WIDTH as usize + 90;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">"#
    );
    let unit = if table.rate.is_some() {
        lang.pick(" (Anteil in %)", " (share in %)")
    } else {
        ""
    };
    let _ = writeln!(
        svg,
        r#"<text x="4" y="18" font-size="14" font-weight="bold">{}{unit}</text>"#,
        escape(title)
    );
    let _ = writeln!(
        svg,
        r##"<text x="4" y="36" fill="#555">{}</text>"##,
        escape(lang.pick(
            "„.“ = gesperrt (Geheimhaltung)",
            "\".\" = suppressed (disclosure control)"
        ))
    );
    for (i, value) in shown_values.iter().enumerate() {
        let y = 48 + i * BAR_HEIGHT;
        let row_label: Vec<&str> = table.labels.iter().map(|col| label(col, i)).collect();
        let _ = writeln!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            LABEL_WIDTH - 6,
            y + 12,
            escape(&row_label.join(" · "))
        );
        match value {
            Some(v) => {
                let w = (v / max * BAR_WIDTH).max(0.0);
                let text = if table.rate.is_some() {
                    let formatted = format!("{v:.1}");
                    match lang {
                        Lang::De => formatted.replace('.', ","),
                        Lang::En => formatted,
                    }
                } else {
                    lang.count(*v as usize)
                };
                let _ = writeln!(
                    svg,
                    r##"<rect x="{LABEL_WIDTH}" y="{}" width="{w:.1}" height="{}" fill="#3a6ea5"/><text x="{:.1}" y="{}">{text}</text>"##,
                    y + 2,
                    BAR_HEIGHT - 4,
                    LABEL_WIDTH as f64 + w + 4.0,
                    y + 12
                );
            }
            None => {
                let _ = writeln!(
                    svg,
                    r#"<text x="{}" y="{}">.</text>"#,
                    LABEL_WIDTH + 4,
                    y + 12
                );
            }
        }
    }
    svg.push_str("</svg>\n");
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
