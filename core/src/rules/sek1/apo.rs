//! The qualification rules of the APO-S I on a prepared grade sheet: Fächergruppen, deficits,
//! Ausgleich and the subjects in which a Nachprüfung could still earn a qualification.
//!
//! Everything here works on a fixed-size [`Sheet`] without allocation, so that the lean batch path
//! evaluates millions of sheets per second. Grades are German school grades 1 (sehr gut) to
//! 6 (ungenügend).

/// What a subject is for the APO-S I.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Deutsch.
    D,
    /// Mathematik.
    M,
    /// Englisch (first foreign language).
    E,
    /// Wahlpflichtfach I.
    Wp,
    /// Lernbereich Naturwissenschaften (one grade).
    Lbnw,
    /// Lernbereich Arbeitslehre (one grade).
    Lbal,
    /// A science subject (Biologie, Chemie, Physik).
    Nw,
    /// An Arbeitslehre subject (Technik, Wirtschaft, Hauswirtschaft).
    Al,
    /// A foreign language other than English.
    Fl2,
    /// Every other subject.
    Other,
}

/// The course level at a school with Fachleistungsdifferenzierung.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kurs {
    /// Erweiterungskurs.
    E,
    /// Grundkurs.
    G,
    /// Not differentiated.
    None,
}

/// One subject of a prepared sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Subj {
    pub grade: u8,
    pub kurs: Kurs,
    pub role: Role,
    /// A course subject besides D, E, M (the fourth subject of the Fachleistungsdifferenzierung).
    pub fld: bool,
    /// The first or second foreign language (Fächergruppe I of the Gymnasium, § 27 APO-S I).
    pub fg1_lang: bool,
}

/// The most subjects a sheet may have (the Nachprüfung sets are bit masks).
pub(crate) const MAX_SUBJECTS: usize = 32;

const EMPTY: Subj = Subj {
    grade: 1,
    kurs: Kurs::None,
    role: Role::Other,
    fld: false,
    fg1_lang: false,
};

/// A grade sheet in the engine's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sheet {
    pub subj: [Subj; MAX_SUBJECTS],
    pub n: usize,
    /// The sheet does not say which of its foreign languages is the second one (needed at the
    /// Gymnasium only).
    pub lang_unclear: bool,
    /// The sheet lists science subjects (BI, CH, PH) / Arbeitslehre subjects besides any
    /// Lernbereich grade (set by [`Sheet::finish`]).
    nw_parts: bool,
    al_parts: bool,
}

impl Default for Sheet {
    fn default() -> Sheet {
        Sheet {
            subj: [EMPTY; MAX_SUBJECTS],
            n: 0,
            lang_unclear: false,
            nw_parts: false,
            al_parts: false,
        }
    }
}

/// Whether a sheet entry counts as a subject of its own for the Versetzung rules: a Lernbereich
/// grade does only when the sheet does not also list the Lernbereich's subjects.
#[inline]
fn own_subject(sheet: &Sheet, s: &Subj) -> bool {
    match s.role {
        Role::Lbnw => !sheet.nw_parts,
        Role::Lbal => !sheet.al_parts,
        _ => true,
    }
}

impl Sheet {
    pub(crate) fn subjects(&self) -> impl Iterator<Item = &Subj> {
        self.subj.iter().take(self.n)
    }

    /// Records which Lernbereiche the sheet lists subjects of; call once the subjects are set.
    pub(crate) fn finish(&mut self) {
        self.nw_parts = self.has(Role::Nw);
        self.al_parts = self.has(Role::Al);
    }

    fn has(&self, role: Role) -> bool {
        self.subjects().any(|s| s.role == role)
    }

    /// The same sheet with subject `i` one grade better.
    fn improved(&self, i: usize) -> Sheet {
        let mut s = *self;
        if let Some(x) = s.subj.get_mut(i) {
            x.grade = x.grade.saturating_sub(1).max(1);
        }
        s
    }
}

/// What a rule says about a sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Earned.
    Earned,
    /// Not earned; a Nachprüfung may still help.
    Missed,
    /// Not earned, and no single improvement can help (e.g. a 6 in Fächergruppe I).
    Barred,
    /// A grade the rule needs is missing (e.g. the Lernbereich grades).
    Missing,
}

impl Verdict {
    fn from_bool(ok: bool) -> Verdict {
        if ok { Verdict::Earned } else { Verdict::Missed }
    }
}

/// The Sek-I form whose rules apply (Sekundarschule mapped to its Bildungsgang).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Form {
    /// Gesamtschule or integrated Sekundarschule.
    Ge,
    /// Hauptschule (or its Bildungsgang); `typ_a` for class 10 Typ A.
    Hs { typ_a: bool },
    /// Realschule (or its Bildungsgang).
    Rs,
    /// Gymnasium, G9 or G8.
    Gy { g8: bool },
    /// Cooperative Sekundarschule (§ 20 Abs. 8 Nr. 1 APO-S I): the rules of the Bildungsgang's
    /// form, except the Erweiterter Erster Schulabschluss (§ 41 Abs. 1 Satz 2: the Lernbereiche
    /// Wirtschaft und Arbeitswelt and Naturwissenschaften in Fächergruppe I).
    SkKoop(Koop),
    /// Teilintegrierte Sekundarschule (§ 20 Abs. 8 Nr. 2): `erweiterung` for a pupil of the
    /// Erweiterungsebene (whose Berechtigung is judged under § 43 Abs. 1).
    SkTeil { erweiterung: bool },
}

/// The Bildungsgang of a cooperative Sekundarschule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Koop {
    Hs,
    Rs,
    Gy,
}

impl Form {
    /// The form whose rules a cooperative Sekundarschule's Bildungsgang follows.
    pub(crate) fn base(self) -> Form {
        match self {
            Form::SkKoop(Koop::Hs) => Form::Hs { typ_a: false },
            Form::SkKoop(Koop::Rs) => Form::Rs,
            Form::SkKoop(Koop::Gy) => Form::Gy { g8: false },
            other => other,
        }
    }
}

/// Law parameters that change by date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Params {
    /// Number of Lernbereich grades in FG I for the EESA at the Gesamtschule (2: NW and AL, 1: NW).
    pub ge_lernbereiche_fg1: u32,
    /// VV 40.4: without Versetzung, E and M one grade below the Hauptschule minimum.
    pub vv40_4: bool,
}

/// The four qualifications, lowest first.
pub(crate) const ESA: usize = 0;
pub(crate) const EESA: usize = 1;
pub(crate) const MSA: usize = 2;
pub(crate) const MSA_Q: usize = 3;

/// The lean result for one sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Lean {
    /// Per qualification: `None` = not applicable at this Jahrgang/form.
    pub verdict: [Option<Verdict>; 4],
    /// Per qualification: bit i set = subject i is a Nachprüfung subject.
    pub np: [u32; 4],
    /// The Berechtigung zum Besuch der Klasse 10 Typ B (§ 25 Abs. 3; Hauptschule class 9 only).
    pub b10: Option<Verdict>,
    /// Its Nachprüfung subjects.
    pub np_b10: u32,
}

fn is_zp10(role: Role) -> bool {
    matches!(role, Role::D | Role::M | Role::E)
}

/// E-course grades count one grade better for the Hauptschule requirements at the Gesamtschule.
fn hs_grade(s: &Subj) -> u8 {
    if s.kurs == Kurs::E {
        s.grade.saturating_sub(1).max(1)
    } else {
        s.grade
    }
}

/// The Hauptschule requirements (§ 25 Abs. 1, 2): `fg1`/`fg2` say which subjects belong to
/// which group; `grade` gives the grade to count.
fn hs_rule(
    sheet: &Sheet,
    fg1: impl Fn(&Subj) -> bool,
    fg2: impl Fn(&Subj) -> bool,
    grade: impl Fn(&Subj) -> u8,
) -> Verdict {
    let (mut fg1_5, mut fg1_6, mut fg2_def, mut fg2_6) = (0u32, 0u32, 0u32, 0u32);
    for s in sheet.subjects() {
        let g = grade(s);
        if fg1(s) {
            if g >= 6 {
                fg1_6 += 1;
            } else if g == 5 {
                fg1_5 += 1;
            }
        } else if fg2(s) && g >= 5 {
            fg2_def += 1;
            if g >= 6 {
                fg2_6 += 1;
            }
        }
    }
    if fg1_6 > 0 || fg2_6 >= 2 || fg1_5 + fg2_def > 3 {
        return Verdict::Barred;
    }
    Verdict::from_bool((fg1_5 == 0 && fg2_def <= 2) || (fg1_5 == 1 && fg2_def <= 1))
}

/// The Versetzung rules of Realschule (§ 26) and Gymnasium (§ 27): one 5 in FG I offset by a 3
/// in FG I; or one deficit in FG II; or two in FG II (at most one 6) offset by a 3. With `nr2`
/// (the Realschule, § 26 Abs. 1 Nr. 2) the offset 5 in FG I may come with one deficit in FG II.
fn versetzung(sheet: &Sheet, fg1: impl Fn(&Subj) -> bool, nr2: bool) -> Verdict {
    let (mut d1, mut d1_6, mut spare1, mut d2, mut d2_6, mut spare_any) = (0, 0, 0, 0, 0, 0);
    for s in sheet.subjects().filter(|s| own_subject(sheet, s)) {
        let in1 = fg1(s);
        if s.grade >= 5 {
            if in1 {
                d1 += 1;
                if s.grade >= 6 {
                    d1_6 += 1;
                }
            } else {
                d2 += 1;
                if s.grade >= 6 {
                    d2_6 += 1;
                }
            }
        } else if s.grade <= 3 {
            spare_any += 1;
            if in1 {
                spare1 += 1;
            }
        }
    }
    if d1_6 > 0 || d2_6 >= 2 {
        return Verdict::Barred;
    }
    Verdict::from_bool(match (d1, d2) {
        (0, 0) | (0, 1) => true,
        (1, 0) => spare1 >= 1,
        (1, 1) => nr2 && spare1 >= 1,
        (0, 2) => spare_any >= 1,
        _ => false,
    })
}

/// § 27: Deutsch, Mathematik, the first and the second foreign language.
fn gy_fg1(s: &Subj) -> bool {
    matches!(s.role, Role::D | Role::M) || s.fg1_lang
}

/// The Versetzung at the Gymnasium (§ 27); `Missing` when the sheet does not say which foreign
/// language is the second.
fn vers_gy(sheet: &Sheet) -> Verdict {
    if sheet.lang_unclear {
        return Verdict::Missing;
    }
    versetzung(sheet, gy_fg1, false)
}

/// § 25 Abs. 3: the Berechtigung zum Besuch der Klasse 10 Typ B. Every subject and Lernbereich
/// at least 4, and D, M, E all at least 2 with two more subjects at least 3; or D, M, E all at
/// least 3 with two more at least 2; or two of D, M, E at least 3 with four more at least 2. The
/// grade required of English or Mathematik must be reached in an Erweiterungskurs.
fn hs_10b(sheet: &Sheet) -> Verdict {
    let (mut d, mut m, mut e) = (None, None, None);
    let (mut e_kurs, mut m_kurs) = (Kurs::None, Kurs::None);
    let (mut o2, mut o3) = (0u32, 0u32);
    let mut any5 = false;
    for s in sheet.subjects() {
        if s.grade >= 6 {
            return Verdict::Barred;
        }
        any5 |= s.grade == 5;
        match s.role {
            Role::D => d = Some(s.grade),
            Role::M => {
                m = Some(s.grade);
                m_kurs = s.kurs;
            }
            Role::E => {
                e = Some(s.grade);
                e_kurs = s.kurs;
            }
            _ if !own_subject(sheet, s) => {}
            _ => {
                if s.grade <= 2 {
                    o2 += 1;
                }
                if s.grade <= 3 {
                    o3 += 1;
                }
            }
        }
    }
    let (Some(d), Some(m), Some(e)) = (d, m, e) else {
        return Verdict::Missing;
    };
    if any5 {
        return Verdict::Missed;
    }
    let dme3 = u32::from(d <= 3) + u32::from(m <= 3) + u32::from(e <= 3);
    // Which alternatives the grades meet, and the grade each asks of English or Mathematik.
    let a = d <= 2 && m <= 2 && e <= 2 && o3 >= 2;
    let b = dme3 == 3 && o2 >= 2;
    let c = dme3 >= 2 && o2 >= 4;
    if !(a || b || c) {
        return Verdict::Missed;
    }
    // The E-course: the subject (E or M) must meet the alternative's grade in an E-course.
    let e_ok = |kurs: Kurs, g: u8, need: u8| kurs == Kurs::E && g <= need;
    let met = (a && (e_ok(e_kurs, e, 2) || e_ok(m_kurs, m, 2)))
        || ((b || c) && (e_ok(e_kurs, e, 3) || e_ok(m_kurs, m, 3)));
    if met {
        Verdict::Earned
    } else if e_kurs == Kurs::None || m_kurs == Kurs::None {
        Verdict::Missing
    } else {
        Verdict::Missed
    }
}

fn rs_fg1(s: &Subj) -> bool {
    matches!(s.role, Role::D | Role::M | Role::E | Role::Wp)
}

/// § 43 Abs. 1: the Berechtigung at the Realschule (and Hauptschule 10 Typ B).
fn rs_q(sheet: &Sheet) -> Verdict {
    let (mut dme4, mut dme_spare, mut o4, mut o5, mut pool) = (0u32, 0u32, 0u32, 0u32, 0u32);
    for s in sheet.subjects().filter(|s| own_subject(sheet, s)) {
        let dme = matches!(s.role, Role::D | Role::M | Role::E);
        if s.grade >= 6 || (dme && s.grade >= 5) {
            return Verdict::Barred;
        }
        if s.grade <= 2 {
            pool += 1;
            if dme {
                dme_spare += 1;
            }
        }
        match (dme, s.grade) {
            (true, 4) => dme4 += 1,
            (false, 4) => o4 += 1,
            (false, 5) => o5 += 1,
            _ => {}
        }
    }
    if dme4 > 1 || o5 > 1 || o4 + o5 > 3 {
        return Verdict::Missed;
    }
    if dme4 == 1 && dme_spare == 0 {
        return Verdict::Missed;
    }
    let left = pool.saturating_sub(dme4);
    Verdict::from_bool(left >= o4 + o5)
}

fn ge_min_msa(k: Kurs) -> u8 {
    match k {
        Kurs::G => 3,
        Kurs::E | Kurs::None => 4,
    }
}

fn ge_min_q(k: Kurs) -> u8 {
    match k {
        Kurs::G => 2,
        Kurs::E | Kurs::None => 3,
    }
}

fn ge_e_courses(sheet: &Sheet) -> u32 {
    let n = sheet
        .subjects()
        .filter(|s| s.kurs == Kurs::E && (is_zp10(s.role) || s.fld))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn ge_fg1(s: &Subj) -> bool {
    matches!(s.role, Role::D | Role::M | Role::E | Role::Wp)
}

/// FG II "andere Fächer" of the MSA at the Gesamtschule: not FG I, not the fourth course
/// subject, not a Lernbereich grade.
fn ge_other(s: &Subj) -> bool {
    !ge_fg1(s) && !s.fld && !matches!(s.role, Role::Lbnw | Role::Lbal)
}

/// § 42 Abs. 3: MSA at the Gesamtschule.
fn ge_msa(sheet: &Sheet) -> Verdict {
    if ge_e_courses(sheet) < 2 {
        return Verdict::Barred;
    }
    let (mut d1, mut spare1, mut fld_def, mut fld_spare) = (0u32, 0u32, 0u32, 0u32);
    let (mut threes, mut other_def, mut other_6) = (0u32, 0u32, 0u32);
    for s in sheet.subjects() {
        if ge_fg1(s) || s.fld {
            let min = ge_min_msa(s.kurs);
            let steps = s.grade.saturating_sub(min);
            if steps >= 2 {
                return Verdict::Barred;
            }
            let fg1 = ge_fg1(s);
            match (fg1, steps, s.grade < min) {
                (true, 1, _) => d1 += 1,
                (true, _, true) => spare1 += 1,
                (false, 1, _) => fld_def += 1,
                (false, _, true) => fld_spare += 1,
                _ => {}
            }
        } else if ge_other(s) {
            if s.grade <= 3 {
                threes += 1;
            } else if s.grade >= 5 {
                other_def += 1;
                if s.grade >= 6 {
                    other_6 += 1;
                }
            }
        }
    }
    // One deficit among the other subjects (up to two grades) is disregarded: a 6 if there is one.
    let remaining_6 = other_6.saturating_sub(1);
    if remaining_6 > 0 {
        return Verdict::Missed;
    }
    let need = fld_def + other_def.saturating_sub(1);
    if threes < 2 || d1 > 1 {
        return Verdict::Missed;
    }
    if d1 == 1 {
        return Verdict::from_bool(spare1 >= 1 && need == 0);
    }
    let pool = fld_spare + (threes - 2) + spare1;
    Verdict::from_bool(need == 0 || (need == 1 && pool >= 1))
}

/// § 43 Abs. 4: the Berechtigung at the Gesamtschule (requires the MSA).
fn ge_q(sheet: &Sheet) -> Verdict {
    match ge_msa(sheet) {
        Verdict::Earned => ge_q_part(sheet),
        other => other,
    }
}

/// § 43 Abs. 4 once the MSA is earned.
fn ge_q_part(sheet: &Sheet) -> Verdict {
    if ge_e_courses(sheet) < 3 {
        return Verdict::Barred;
    }
    let (mut d1, mut spare1, mut d2, mut d2_two, mut spare2) = (0u32, 0u32, 0u32, 0u32, 0u32);
    let mut fld_two = false;
    for s in sheet
        .subjects()
        .filter(|s| !matches!(s.role, Role::Lbnw | Role::Lbal))
    {
        if s.grade >= 6 {
            return Verdict::Barred;
        }
        let min = ge_min_q(s.kurs);
        let steps = s.grade.saturating_sub(min);
        if ge_fg1(s) {
            if steps >= 2 {
                return Verdict::Barred;
            }
            if steps == 1 {
                d1 += 1;
            } else if s.grade < min {
                spare1 += 1;
            }
        } else if steps >= 1 {
            d2 += 1;
            if steps >= 2 {
                if s.fld {
                    fld_two = true;
                } else {
                    d2_two += 1;
                }
            }
        } else if s.grade < min {
            spare2 += 1;
        }
    }
    if d1 > 1 || fld_two || d2_two > 1 || d2 > 3 {
        return Verdict::Missed;
    }
    if d1 == 1 && spare1 == 0 {
        return Verdict::Missed;
    }
    let pool = spare2 + spare1.saturating_sub(d1);
    Verdict::from_bool(pool >= d2)
}

fn ge_esa(sheet: &Sheet) -> Verdict {
    hs_rule(
        sheet,
        |s| matches!(s.role, Role::D | Role::M),
        |s| {
            !matches!(
                s.role,
                Role::D | Role::M | Role::Lbnw | Role::Lbal | Role::Fl2
            )
        },
        hs_grade,
    )
}

/// The range of the Lernbereich grade a sheet without one implies: the Gesamtnote of the
/// Lernbereich's subjects (`part`) lies between their best and their worst grade.
fn lb_range(sheet: &Sheet, part: Role) -> Option<(u8, u8)> {
    let (mut lo, mut hi) = (u8::MAX, 0u8);
    for s in sheet.subjects().filter(|s| s.role == part) {
        lo = lo.min(s.grade);
        hi = hi.max(s.grade);
    }
    (hi > 0).then_some((lo, hi))
}

/// The sheet with the Lernbereich grades it lacks set to the worst (`worst`) or the best grade
/// their subjects allow (§ 41 Abs. 1: "zu einer Gesamtnote zusammengefasst"); `None` when a
/// Lernbereich has neither a grade nor subjects.
fn complete_lb(sheet: &Sheet, need_al: bool, worst: bool) -> Option<Sheet> {
    let mut out = *sheet;
    let mut add = |role: Role, part: Role| -> Option<()> {
        if sheet.has(role) {
            return Some(());
        }
        let (lo, hi) = lb_range(sheet, part)?;
        let slot = out.subj.get_mut(out.n)?;
        *slot = Subj {
            grade: if worst { hi } else { lo },
            kurs: Kurs::None,
            role,
            fld: false,
            fg1_lang: false,
        };
        out.n += 1;
        Some(())
    };
    add(Role::Lbnw, Role::Nw)?;
    if need_al {
        add(Role::Lbal, Role::Al)?;
    }
    Some(out)
}

/// A rule on a sheet lacking Lernbereich grades: earned if it is earned with the worst grades the
/// Lernbereiche allow, not earned if it is not earned even with the best, otherwise `Missing`.
fn with_lb_range(sheet: &Sheet, need_al: bool, rule: impl Fn(&Sheet) -> Verdict) -> Verdict {
    let (Some(worst), Some(best)) = (
        complete_lb(sheet, need_al, true),
        complete_lb(sheet, need_al, false),
    ) else {
        return Verdict::Missing;
    };
    match rule(&worst) {
        Verdict::Earned => Verdict::Earned,
        _ => match rule(&best) {
            Verdict::Earned => Verdict::Missing,
            other => other,
        },
    }
}

fn ge_eesa(sheet: &Sheet, lernbereiche: u32) -> Verdict {
    let with_al = lernbereiche >= 2;
    if !sheet.has(Role::Lbnw) || (with_al && !sheet.has(Role::Lbal)) {
        return with_lb_range(sheet, with_al, |full| ge_eesa(full, lernbereiche));
    }
    hs_rule(
        sheet,
        |s| matches!(s.role, Role::D | Role::M | Role::Lbnw) || (with_al && s.role == Role::Lbal),
        |s| match s.role {
            Role::D | Role::M | Role::Lbnw | Role::Nw | Role::Fl2 => false,
            Role::Lbal => false,
            Role::Al => !with_al,
            _ => true,
        },
        hs_grade,
    )
}

/// Hauptschule requirements with FG I = D, M (Hauptschule class 9, Realschule/Gymnasium).
fn hs_plain(sheet: &Sheet, e_m_one_below: bool) -> Verdict {
    hs_rule(
        sheet,
        |s| matches!(s.role, Role::D | Role::M),
        |s| !matches!(s.role, Role::D | Role::M) && own_subject(sheet, s),
        |s| {
            let g = hs_grade(s);
            if e_m_one_below && matches!(s.role, Role::E | Role::M) {
                g.saturating_sub(1).max(1)
            } else {
                g
            }
        },
    )
}

fn hs_typ_a(sheet: &Sheet) -> Verdict {
    if !sheet.has(Role::Lbnw) || !sheet.has(Role::Lbal) {
        return with_lb_range(sheet, true, hs_typ_a);
    }
    hs_rule(
        sheet,
        |s| matches!(s.role, Role::D | Role::M | Role::Lbnw | Role::Lbal),
        |s| {
            !matches!(
                s.role,
                Role::D | Role::M | Role::Lbnw | Role::Lbal | Role::Nw | Role::Al
            )
        },
        hs_grade,
    )
}

fn either(a: Verdict, b: Verdict) -> Verdict {
    match (a, b) {
        (Verdict::Earned, _) | (_, Verdict::Earned) => Verdict::Earned,
        (Verdict::Missing, _) | (_, Verdict::Missing) => Verdict::Missing,
        (Verdict::Missed, _) | (_, Verdict::Missed) => Verdict::Missed,
        _ => Verdict::Barred,
    }
}

/// The rule for one qualification (a closed set, dispatched by `match` so it inlines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    GeEsa,
    GeEesa,
    GeMsa,
    /// § 43 Abs. 4 after [`Rule::GeMsa`].
    GeQ,
    HsPlain,
    HsTypA,
    /// Versetzung with the Realschule Fächergruppe I.
    VersRs,
    /// § 43 Abs. 1 after [`Rule::VersRs`].
    QRs,
    /// Versetzung with the Gymnasium Fächergruppe I.
    VersGy,
    RsEsa,
    GyEsa,
    /// § 43 Abs. 1 after [`Rule::GeMsa`] (Erweiterungsebene of the teilintegrierte Sekundarschule).
    QRsAfterGe,
}

/// The rule for one qualification.
fn rule_for(form: Form, jahrgang: u8, q: usize) -> Option<Rule> {
    Some(match (form, jahrgang, q) {
        (Form::SkKoop(_), 10, EESA) => Rule::HsTypA,
        (Form::SkKoop(_), _, _) => return rule_for(form.base(), jahrgang, q),
        (Form::SkTeil { .. }, 9, ESA) => Rule::HsPlain,
        (Form::SkTeil { .. }, 10, EESA) => Rule::GeEesa,
        (Form::SkTeil { .. }, 10, MSA) => Rule::GeMsa,
        (Form::SkTeil { erweiterung: true }, 10, MSA_Q) => Rule::QRsAfterGe,
        (Form::Ge, 9, ESA) => Rule::GeEsa,
        (Form::Ge, 10, EESA) => Rule::GeEesa,
        (Form::Ge, 10, MSA) => Rule::GeMsa,
        (Form::Ge, 10, MSA_Q) => Rule::GeQ,
        (Form::Hs { .. }, 9, ESA) => Rule::HsPlain,
        (Form::Hs { typ_a: true }, 10, EESA) => Rule::HsTypA,
        (Form::Hs { typ_a: false }, 10, EESA) => Rule::HsPlain,
        (Form::Hs { typ_a: false }, 10, MSA) => Rule::VersRs,
        (Form::Hs { typ_a: false }, 10, MSA_Q) => Rule::QRs,
        (Form::Rs, 9, ESA) => Rule::RsEsa,
        (Form::Rs, 10, EESA) => Rule::HsPlain,
        (Form::Rs, 10, MSA) => Rule::VersRs,
        (Form::Rs, 10, MSA_Q) => Rule::QRs,
        (Form::Gy { .. }, 9, ESA) => Rule::GyEsa,
        (Form::Gy { g8: false }, 10, EESA) => Rule::HsPlain,
        (Form::Gy { g8: false }, 10, MSA | MSA_Q) => Rule::VersGy,
        _ => return None,
    })
}

/// The rule a Berechtigung rule builds on (its MSA part); a rule without one is its own base.
fn base_of(rule: Rule) -> Rule {
    match rule {
        Rule::GeQ | Rule::QRsAfterGe => Rule::GeMsa,
        Rule::QRs => Rule::VersRs,
        other => other,
    }
}

/// A rule on a sheet.
#[inline]
fn run(rule: Rule, sheet: &Sheet, p: Params) -> Verdict {
    match rule {
        Rule::GeEsa => ge_esa(sheet),
        Rule::GeEesa => ge_eesa(sheet, p.ge_lernbereiche_fg1),
        Rule::GeMsa => ge_msa(sheet),
        Rule::GeQ => ge_q(sheet),
        Rule::HsPlain => hs_plain(sheet, false),
        Rule::HsTypA => hs_typ_a(sheet),
        Rule::VersRs => versetzung(sheet, rs_fg1, true),
        Rule::QRs => match versetzung(sheet, rs_fg1, true) {
            Verdict::Earned => rs_q(sheet),
            other => other,
        },
        Rule::VersGy => vers_gy(sheet),
        Rule::RsEsa => either(versetzung(sheet, rs_fg1, true), hs_plain(sheet, p.vv40_4)),
        Rule::GyEsa => either(vers_gy(sheet), hs_plain(sheet, p.vv40_4)),
        Rule::QRsAfterGe => match ge_msa(sheet) {
            Verdict::Earned => rs_q(sheet),
            other => other,
        },
    }
}

/// A rule given the verdict of its base rule on the same sheet
/// (`run(rule, s, p) == after_base(rule, s, run(base_of(rule), s, p))`).
#[inline]
fn after_base(rule: Rule, sheet: &Sheet, base: Verdict) -> Verdict {
    if base != Verdict::Earned {
        return base;
    }
    match rule {
        Rule::GeQ => ge_q_part(sheet),
        Rule::QRs | Rule::QRsAfterGe => rs_q(sheet),
        _ => base,
    }
}

/// Which subjects a Nachprüfung may be taken in for a qualification (before simulation).
fn candidates(form: Form, jahrgang: u8, q: usize, sheet: &Sheet) -> u32 {
    let form = match form {
        Form::SkKoop(_) => form.base(),
        Form::SkTeil { .. } if q == MSA_Q => Form::Rs,
        Form::SkTeil { .. } => Form::Ge,
        other => other,
    };
    let mut mask = 0u32;
    let ge_threes = sheet
        .subjects()
        .filter(|s| ge_other(s) && s.grade <= 3)
        .count();
    for (i, s) in sheet.subjects().enumerate() {
        if jahrgang >= 10 && is_zp10(s.role) {
            continue;
        }
        let ok = match (form, q) {
            (Form::Ge, ESA | EESA) => hs_grade(s) == 5,
            (Form::Ge, MSA) => {
                !matches!(s.role, Role::Lbnw | Role::Lbal)
                    && (s.grade >= 5 || (ge_threes < 2 && ge_other(s) && s.grade == 4))
            }
            (Form::Ge, _) => {
                !matches!(s.role, Role::Lbnw | Role::Lbal)
                    && s.grade <= 5
                    && s.grade > ge_min_q(s.kurs)
            }
            (Form::Rs | Form::Hs { typ_a: false }, MSA_Q) => {
                !matches!(s.role, Role::Lbnw | Role::Lbal) && (s.grade == 4 || s.grade == 5)
            }
            _ => hs_grade(s) == 5 || s.grade == 5,
        };
        if ok {
            mask |= 1u32
                .checked_shl(u32::try_from(i).unwrap_or(31))
                .unwrap_or(0);
        }
    }
    mask
}

/// Evaluates every qualification of a sheet, with the Nachprüfung subjects of each one missed.
///
/// The MSA verdict (on the sheet and on each improved sheet tried) is reused for the
/// Berechtigung, which requires the MSA.
pub(crate) fn evaluate(sheet: &Sheet, form: Form, jahrgang: u8, p: Params) -> Lean {
    let mut out = Lean::default();
    // The last rule evaluated with its verdict, improved sheets tried and those earned.
    let mut prev: Option<(Rule, Verdict, u32, u32)> = None;
    for q in [ESA, EESA, MSA, MSA_Q] {
        let Some(rule) = rule_for(form, jahrgang, q) else {
            continue;
        };
        let base = prev.filter(|x| x.0 == base_of(rule));
        let v = match base {
            Some((_, bv, _, _)) => after_base(rule, sheet, bv),
            None => run(rule, sheet, p),
        };
        let mut np = 0u32;
        let mut tried = 0u32;
        if v == Verdict::Missed {
            let mut c = candidates(form, jahrgang, q, sheet);
            tried = c;
            while c != 0 {
                let i = c.trailing_zeros();
                let bit = c & c.wrapping_neg();
                c &= c - 1;
                let idx = usize::try_from(i).unwrap_or(usize::MAX);
                let better = sheet.improved(idx);
                let earned = match base {
                    Some((b, _, b_tried, b_np)) => {
                        let bv = if b_tried & bit != 0 {
                            if b_np & bit != 0 {
                                Verdict::Earned
                            } else {
                                Verdict::Missed
                            }
                        } else {
                            run(b, &better, p)
                        };
                        after_base(rule, &better, bv) == Verdict::Earned
                    }
                    None => run(rule, &better, p) == Verdict::Earned,
                };
                if earned {
                    np |= bit;
                }
            }
        }
        if let Some(slot) = out.verdict.get_mut(q) {
            *slot = Some(v);
        }
        if let Some(slot) = out.np.get_mut(q) {
            *slot = np;
        }
        prev = Some((rule, v, tried, np));
    }
    if jahrgang == 9 && matches!(form.base(), Form::Hs { .. }) {
        let (v, np) = with_np(sheet, hs_10b, |s| s.grade == 4 || s.grade == 5);
        out.b10 = Some(v);
        out.np_b10 = np;
    }
    out
}

/// A rule's verdict with the subjects (among `candidate`) whose improvement by one grade earns it.
fn with_np(
    sheet: &Sheet,
    rule: fn(&Sheet) -> Verdict,
    candidate: fn(&Subj) -> bool,
) -> (Verdict, u32) {
    let v = rule(sheet);
    let mut np = 0u32;
    if v == Verdict::Missed {
        for (i, s) in sheet.subjects().enumerate() {
            if candidate(s) && rule(&sheet.improved(i)) == Verdict::Earned {
                np |= 1u32
                    .checked_shl(u32::try_from(i).unwrap_or(31))
                    .unwrap_or(0);
            }
        }
    }
    (v, np)
}

/// G8 Gymnasium, end of class 9: the Versetzung into the Einführungsphase (§ 27), which is the
/// Berechtigung zum Besuch der gymnasialen Oberstufe; with its Nachprüfung subjects.
pub(crate) fn ef_versetzung_g8(sheet: &Sheet) -> (Verdict, u32) {
    with_np(sheet, vers_gy, |s| s.grade == 5)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    fn sheet(list: &[(Role, u8, Kurs, bool)]) -> Sheet {
        let mut s = Sheet::default();
        for (i, &(role, grade, kurs, fld)) in list.iter().enumerate() {
            s.subj[i] = Subj {
                grade,
                kurs,
                role,
                fld,
                fg1_lang: matches!(role, Role::E | Role::Fl2),
            };
        }
        s.n = list.len();
        s.finish();
        s
    }

    #[test]
    fn hauptschule_rule_counts() {
        use Role::*;
        let p = Params {
            ge_lernbereiche_fg1: 2,
            vv40_4: false,
        };
        let s = sheet(&[
            (D, 5, Kurs::G, false),
            (M, 5, Kurs::G, false),
            (Other, 4, Kurs::None, false),
        ]);
        let r = evaluate(&s, Form::Ge, 9, p);
        assert_eq!(r.verdict[ESA], Some(Verdict::Missed));
        assert_eq!(r.np[ESA], 0b11);
    }

    /// Every rule evaluated on its own, each improved sheet afresh (the reference for
    /// [`evaluate`], which reuses the MSA verdicts for the Berechtigung).
    fn reference(sheet: &Sheet, form: Form, jahrgang: u8, p: Params) -> Lean {
        let mut out = Lean::default();
        for q in [ESA, EESA, MSA, MSA_Q] {
            let Some(rule) = rule_for(form, jahrgang, q) else {
                continue;
            };
            let v = run(rule, sheet, p);
            let mut np = 0u32;
            if v == Verdict::Missed {
                let c = candidates(form, jahrgang, q, sheet);
                for i in 0..32 {
                    if c & (1 << i) != 0 && run(rule, &sheet.improved(i), p) == Verdict::Earned {
                        np |= 1 << i;
                    }
                }
            }
            out.verdict[q] = Some(v);
            out.np[q] = np;
        }
        if jahrgang == 9 && matches!(form.base(), Form::Hs { .. }) {
            let (v, np) = with_np(sheet, hs_10b, |s| s.grade == 4 || s.grade == 5);
            out.b10 = Some(v);
            out.np_b10 = np;
        }
        out
    }

    #[test]
    fn reuse_of_msa_agrees_with_each_rule_alone() {
        use Role::*;
        let roles = [
            D, M, E, Wp, Lbnw, Lbal, Nw, Al, Fl2, Other, Other, Nw, Al, Other,
        ];
        let forms = [
            Form::Ge,
            Form::Hs { typ_a: false },
            Form::Hs { typ_a: true },
            Form::Rs,
            Form::Gy { g8: false },
            Form::Gy { g8: true },
            Form::SkKoop(Koop::Hs),
            Form::SkKoop(Koop::Rs),
            Form::SkKoop(Koop::Gy),
            Form::SkTeil { erweiterung: true },
            Form::SkTeil { erweiterung: false },
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for n in 0..20_000 {
            let mut s = Sheet::default();
            for (i, role) in roles.iter().enumerate() {
                let r = next();
                let kurs = match r % 3 {
                    0 => Kurs::E,
                    1 => Kurs::G,
                    _ => Kurs::None,
                };
                s.subj[i] = Subj {
                    grade: [1, 2, 3, 3, 4, 4, 4, 5, 5, 6][((r >> 8) % 10) as usize],
                    kurs,
                    role: *role,
                    fld: (r >> 16) % 5 == 0,
                    fg1_lang: matches!(*role, Role::E | Role::Fl2) && (r >> 20) % 4 != 0,
                };
            }
            s.n = roles.len() - (n % 3);
            s.finish();
            for form in forms {
                for jahrgang in [9, 10] {
                    for p in [
                        Params {
                            ge_lernbereiche_fg1: 2,
                            vv40_4: false,
                        },
                        Params {
                            ge_lernbereiche_fg1: 1,
                            vv40_4: true,
                        },
                    ] {
                        assert_eq!(
                            evaluate(&s, form, jahrgang, p),
                            reference(&s, form, jahrgang, p),
                            "{form:?} {jahrgang} {s:?}"
                        );
                    }
                }
            }
        }
    }
}
