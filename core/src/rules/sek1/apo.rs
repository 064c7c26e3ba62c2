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

impl Subj {
    /// The subject one grade better (a 1 stays a 1).
    fn improved(&self) -> Subj {
        Subj {
            grade: self.grade.saturating_sub(1).max(1),
            ..*self
        }
    }
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
            *x = x.improved();
        }
        s
    }

    /// The sum of the subjects' counts.
    #[inline(always)]
    fn tally(&self, count: impl Fn(&Subj) -> Tally) -> Tally {
        let mut sum = Tally::ZERO;
        for s in self.subjects() {
            sum = sum + count(s);
        }
        sum
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

/// Counts a rule keeps over a sheet's subjects, one byte a count in lanes 0 to 15 (a sheet has
/// at most 34 entries: 32 subjects and the two Lernbereich grades it may imply). A rule that
/// sees the subjects only through such counts decides a sheet with one subject improved from
/// the sheet's counts with that subject's counts exchanged, without reading the sheet again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Tally(u128);

impl Tally {
    const ZERO: Tally = Tally(0);

    /// One in `lane`.
    const fn one(lane: u32) -> Tally {
        Tally(1 << (8 * lane))
    }

    /// One in `lane` if `yes`.
    fn when(yes: bool, lane: u32) -> Tally {
        Tally(u128::from(yes) << (8 * lane))
    }

    /// The count in `lane`.
    fn get(self, lane: u32) -> u32 {
        u32::from(
            self.0
                .to_le_bytes()
                .get(lane as usize)
                .copied()
                .unwrap_or(0),
        )
    }

    /// These counts in the lanes below `lanes`, `above` in the lanes from `lanes` on.
    fn join(self, above: Tally, lanes: u32) -> Tally {
        Tally(self.0.wrapping_add(above.0 << (8 * lanes)))
    }

    /// The lanes from `from` on, moved down to lane 0.
    fn part(self, from: u32) -> Tally {
        Tally(self.0 >> (8 * from))
    }

    /// The counts with one subject's `old` counts replaced by its `new` ones.
    fn exchange(self, old: Tally, new: Tally) -> Tally {
        Tally(self.0.wrapping_sub(old.0).wrapping_add(new.0))
    }
}

impl std::ops::Add for Tally {
    type Output = Tally;
    fn add(self, other: Tally) -> Tally {
        Tally(self.0.wrapping_add(other.0))
    }
}

// Lanes of the Hauptschule requirements.
const HS_FG1_5: u32 = 0;
const HS_FG1_6: u32 = 1;
const HS_FG2_DEF: u32 = 2;
const HS_FG2_6: u32 = 3;

/// One subject's counts for the Hauptschule requirements (§ 25 Abs. 1, 2): whether it belongs
/// to Fächergruppe I or II, and the grade that counts.
#[inline]
fn hs_count(in_fg1: bool, in_fg2: bool, grade: u8) -> Tally {
    if in_fg1 {
        Tally::when(grade == 5, HS_FG1_5) + Tally::when(grade >= 6, HS_FG1_6)
    } else if in_fg2 {
        Tally::when(grade >= 5, HS_FG2_DEF) + Tally::when(grade >= 6, HS_FG2_6)
    } else {
        Tally::ZERO
    }
}

/// The Hauptschule requirements on their counts.
fn hs_decide(t: Tally) -> Verdict {
    let (fg1_5, fg1_6) = (t.get(HS_FG1_5), t.get(HS_FG1_6));
    let (fg2_def, fg2_6) = (t.get(HS_FG2_DEF), t.get(HS_FG2_6));
    if fg1_6 > 0 || fg2_6 >= 2 || fg1_5 + fg2_def > 3 {
        return Verdict::Barred;
    }
    Verdict::from_bool((fg1_5 == 0 && fg2_def <= 2) || (fg1_5 == 1 && fg2_def <= 1))
}

/// The Hauptschule requirements (§ 25 Abs. 1, 2): `fg1`/`fg2` say which subjects belong to
/// which group; `grade` gives the grade to count.
fn hs_rule(
    sheet: &Sheet,
    fg1: impl Fn(&Subj) -> bool,
    fg2: impl Fn(&Subj) -> bool,
    grade: impl Fn(&Subj) -> u8,
) -> Verdict {
    hs_decide(sheet.tally(|s| hs_count(fg1(s), fg2(s), grade(s))))
}

// Lanes of the Versetzung rules.
const V_D1: u32 = 0;
const V_D1_6: u32 = 1;
const V_SPARE1: u32 = 2;
const V_D2: u32 = 3;
const V_D2_6: u32 = 4;
const V_SPARE_ANY: u32 = 5;
const V_LANES: u32 = 6;

/// One subject's counts for the Versetzung rules; `in_fg1`: it belongs to Fächergruppe I.
#[inline]
fn vers_count(sheet: &Sheet, s: &Subj, in_fg1: bool) -> Tally {
    if !own_subject(sheet, s) {
        return Tally::ZERO;
    }
    let g = s.grade;
    if g >= 5 {
        if in_fg1 {
            Tally::one(V_D1) + Tally::when(g >= 6, V_D1_6)
        } else {
            Tally::one(V_D2) + Tally::when(g >= 6, V_D2_6)
        }
    } else if g <= 3 {
        Tally::one(V_SPARE_ANY) + Tally::when(in_fg1, V_SPARE1)
    } else {
        Tally::ZERO
    }
}

/// The Versetzung rules of Realschule (§ 26) and Gymnasium (§ 27) on their counts: one 5 in
/// FG I offset by a 3 in FG I; or one deficit in FG II; or two in FG II (at most one 6) offset
/// by a 3. With `nr2` (the Realschule, § 26 Abs. 1 Nr. 2) the offset 5 in FG I may come with
/// one deficit in FG II.
fn vers_decide(t: Tally, nr2: bool) -> Verdict {
    if t.get(V_D1_6) > 0 || t.get(V_D2_6) >= 2 {
        return Verdict::Barred;
    }
    let (spare1, spare_any) = (t.get(V_SPARE1), t.get(V_SPARE_ANY));
    Verdict::from_bool(match (t.get(V_D1), t.get(V_D2)) {
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

/// The Versetzung at the Gymnasium (§ 27) on its counts; `Missing` when the sheet does not say
/// which foreign language is the second.
fn vers_gy_decide(sheet: &Sheet, t: Tally) -> Verdict {
    if sheet.lang_unclear {
        return Verdict::Missing;
    }
    vers_decide(t, false)
}

/// The Versetzung at the Gymnasium (§ 27).
fn vers_gy(sheet: &Sheet) -> Verdict {
    vers_gy_decide(sheet, sheet.tally(|s| vers_count(sheet, s, gy_fg1(s))))
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

// Lanes of § 43 Abs. 1.
const RQ_BARRED: u32 = 0;
const RQ_DME4: u32 = 1;
const RQ_DME_SPARE: u32 = 2;
const RQ_O4: u32 = 3;
const RQ_O5: u32 = 4;
const RQ_POOL: u32 = 5;

/// One subject's counts for § 43 Abs. 1.
#[inline]
fn rs_q_count(sheet: &Sheet, s: &Subj) -> Tally {
    if !own_subject(sheet, s) {
        return Tally::ZERO;
    }
    let dme = matches!(s.role, Role::D | Role::M | Role::E);
    let g = s.grade;
    if g >= 6 || (dme && g >= 5) {
        return Tally::one(RQ_BARRED);
    }
    let spare = Tally::when(g <= 2, RQ_POOL) + Tally::when(g <= 2 && dme, RQ_DME_SPARE);
    spare
        + match (dme, g) {
            (true, 4) => Tally::one(RQ_DME4),
            (false, 4) => Tally::one(RQ_O4),
            (false, 5) => Tally::one(RQ_O5),
            _ => Tally::ZERO,
        }
}

/// § 43 Abs. 1 on its counts: the Berechtigung at the Realschule (and Hauptschule 10 Typ B),
/// once the MSA is earned.
fn rs_q_decide(t: Tally) -> Verdict {
    if t.get(RQ_BARRED) > 0 {
        return Verdict::Barred;
    }
    let (dme4, dme_spare, pool) = (t.get(RQ_DME4), t.get(RQ_DME_SPARE), t.get(RQ_POOL));
    let (o4, o5) = (t.get(RQ_O4), t.get(RQ_O5));
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

fn ge_fg1(s: &Subj) -> bool {
    matches!(s.role, Role::D | Role::M | Role::E | Role::Wp)
}

/// FG II "andere Fächer" of the MSA at the Gesamtschule: not FG I, not the fourth course
/// subject, not a Lernbereich grade.
fn ge_other(s: &Subj) -> bool {
    !ge_fg1(s) && !s.fld && !matches!(s.role, Role::Lbnw | Role::Lbal)
}

// Lanes of § 42 Abs. 3; the Erweiterungskurse of the Fachleistungsdifferenzierung are also read
// by § 43 Abs. 4.
const GM_E_COURSES: u32 = 0;
const GM_BARRED: u32 = 1;
const GM_D1: u32 = 2;
const GM_SPARE1: u32 = 3;
const GM_FLD_DEF: u32 = 4;
const GM_FLD_SPARE: u32 = 5;
const GM_THREES: u32 = 6;
const GM_OTHER_DEF: u32 = 7;
const GM_OTHER_6: u32 = 8;
const GM_LANES: u32 = 9;

/// One subject's counts for the MSA at the Gesamtschule (§ 42 Abs. 3).
#[inline]
fn ge_msa_count(s: &Subj) -> Tally {
    let course = Tally::when(
        s.kurs == Kurs::E && (is_zp10(s.role) || s.fld),
        GM_E_COURSES,
    );
    let g = s.grade;
    let fg1 = ge_fg1(s);
    course
        + if fg1 || s.fld {
            let min = ge_min_msa(s.kurs);
            let steps = g.saturating_sub(min);
            match (fg1, steps, g < min) {
                (_, 2.., _) => Tally::one(GM_BARRED),
                (true, 1, _) => Tally::one(GM_D1),
                (true, _, true) => Tally::one(GM_SPARE1),
                (false, 1, _) => Tally::one(GM_FLD_DEF),
                (false, _, true) => Tally::one(GM_FLD_SPARE),
                _ => Tally::ZERO,
            }
        } else if ge_other(s) {
            if g <= 3 {
                Tally::one(GM_THREES)
            } else if g >= 5 {
                Tally::one(GM_OTHER_DEF) + Tally::when(g >= 6, GM_OTHER_6)
            } else {
                Tally::ZERO
            }
        } else {
            Tally::ZERO
        }
}

/// § 42 Abs. 3 on its counts: MSA at the Gesamtschule.
fn ge_msa_decide(t: Tally) -> Verdict {
    if t.get(GM_E_COURSES) < 2 || t.get(GM_BARRED) > 0 {
        return Verdict::Barred;
    }
    let (d1, spare1) = (t.get(GM_D1), t.get(GM_SPARE1));
    let (fld_def, fld_spare) = (t.get(GM_FLD_DEF), t.get(GM_FLD_SPARE));
    let (threes, other_def) = (t.get(GM_THREES), t.get(GM_OTHER_DEF));
    // One deficit among the other subjects (up to two grades) is disregarded: a 6 if there is one.
    let remaining_6 = t.get(GM_OTHER_6).saturating_sub(1);
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

// Lanes of § 43 Abs. 4.
const GQ_BARRED: u32 = 0;
const GQ_D1: u32 = 1;
const GQ_SPARE1: u32 = 2;
const GQ_D2: u32 = 3;
const GQ_D2_TWO: u32 = 4;
const GQ_FLD_TWO: u32 = 5;
const GQ_SPARE2: u32 = 6;

/// One subject's counts for § 43 Abs. 4.
#[inline]
fn ge_q_count(s: &Subj) -> Tally {
    if matches!(s.role, Role::Lbnw | Role::Lbal) {
        return Tally::ZERO;
    }
    let g = s.grade;
    if g >= 6 {
        return Tally::one(GQ_BARRED);
    }
    let min = ge_min_q(s.kurs);
    let steps = g.saturating_sub(min);
    if ge_fg1(s) {
        match steps {
            2.. => Tally::one(GQ_BARRED),
            1 => Tally::one(GQ_D1),
            _ => Tally::when(g < min, GQ_SPARE1),
        }
    } else if steps >= 1 {
        let two = match (steps >= 2, s.fld) {
            (false, _) => Tally::ZERO,
            (true, true) => Tally::one(GQ_FLD_TWO),
            (true, false) => Tally::one(GQ_D2_TWO),
        };
        Tally::one(GQ_D2) + two
    } else {
        Tally::when(g < min, GQ_SPARE2)
    }
}

/// § 43 Abs. 4 on its counts, once the MSA is earned: the Berechtigung at the Gesamtschule;
/// `e_courses` is the number of Erweiterungskurse of the Fachleistungsdifferenzierung.
fn ge_q_decide(t: Tally, e_courses: u32) -> Verdict {
    if e_courses < 3 || t.get(GQ_BARRED) > 0 {
        return Verdict::Barred;
    }
    let (d1, spare1, spare2) = (t.get(GQ_D1), t.get(GQ_SPARE1), t.get(GQ_SPARE2));
    let (d2, d2_two) = (t.get(GQ_D2), t.get(GQ_D2_TWO));
    if d1 > 1 || t.get(GQ_FLD_TWO) > 0 || d2_two > 1 || d2 > 3 {
        return Verdict::Missed;
    }
    if d1 == 1 && spare1 == 0 {
        return Verdict::Missed;
    }
    let pool = spare2 + spare1.saturating_sub(d1);
    Verdict::from_bool(pool >= d2)
}

/// One subject's counts for the ESA at the Gesamtschule (§ 25 Abs. 1, 2 with E-course grades
/// one better).
#[inline]
fn ge_esa_count(s: &Subj) -> Tally {
    hs_count(
        matches!(s.role, Role::D | Role::M),
        !matches!(
            s.role,
            Role::D | Role::M | Role::Lbnw | Role::Lbal | Role::Fl2
        ),
        hs_grade(s),
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
    // Per Lernbereich: `None` if the sheet has its grade, else the grade implied.
    let implied = |role: Role, part: Role| -> Option<Option<u8>> {
        if sheet.has(role) {
            return Some(None);
        }
        let (lo, hi) = lb_range(sheet, part)?;
        Some(Some(if worst { hi } else { lo }))
    };
    let nw = implied(Role::Lbnw, Role::Nw)?;
    let al = if need_al {
        implied(Role::Lbal, Role::Al)?
    } else {
        None
    };
    let mut out = *sheet;
    for (role, grade) in [(Role::Lbnw, nw), (Role::Lbal, al)] {
        if let Some(grade) = grade {
            *out.subj.get_mut(out.n)? = Subj {
                grade,
                kurs: Kurs::None,
                role,
                fld: false,
                fg1_lang: false,
            };
            out.n += 1;
        }
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

/// One subject's counts for the Hauptschule requirements with FG I = D, M (Hauptschule class
/// 9, Realschule/Gymnasium); `e_m_one_below`: E and M count one grade better (VV 40.4).
#[inline]
fn hs_plain_count(sheet: &Sheet, s: &Subj, e_m_one_below: bool) -> Tally {
    let g = hs_grade(s);
    let grade = if e_m_one_below && matches!(s.role, Role::E | Role::M) {
        g.saturating_sub(1).max(1)
    } else {
        g
    };
    let fg1 = matches!(s.role, Role::D | Role::M);
    hs_count(fg1, !fg1 && own_subject(sheet, s), grade)
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
    /// A rule on counts over the subjects.
    Counted(Counted),
    /// The EESA at the Gesamtschule, whose Lernbereich grades the sheet may only imply.
    GeEesa,
    /// Hauptschule class 10 Typ A, likewise.
    HsTypA,
}

/// The rules that see the subjects only through a [`Tally`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Counted {
    GeEsa,
    GeMsa,
    /// § 43 Abs. 4 after [`Counted::GeMsa`].
    GeQ,
    HsPlain,
    /// Versetzung with the Realschule Fächergruppe I.
    VersRs,
    /// § 43 Abs. 1 after [`Counted::VersRs`].
    QRs,
    /// Versetzung with the Gymnasium Fächergruppe I.
    VersGy,
    RsEsa,
    GyEsa,
    /// § 43 Abs. 1 after [`Counted::GeMsa`] (Erweiterungsebene of the teilintegrierte
    /// Sekundarschule).
    QRsAfterGe,
}

impl Counted {
    /// One subject's counts; a rule built on another keeps the other's counts in the low lanes.
    #[inline(always)]
    fn count(self, sheet: &Sheet, s: &Subj, p: Params) -> Tally {
        match self {
            Counted::GeEsa => ge_esa_count(s),
            Counted::GeMsa => ge_msa_count(s),
            Counted::GeQ => ge_msa_count(s).join(ge_q_count(s), GM_LANES),
            Counted::HsPlain => hs_plain_count(sheet, s, false),
            Counted::VersRs => vers_count(sheet, s, rs_fg1(s)),
            Counted::QRs => vers_count(sheet, s, rs_fg1(s)).join(rs_q_count(sheet, s), V_LANES),
            Counted::VersGy => vers_count(sheet, s, gy_fg1(s)),
            Counted::RsEsa => {
                vers_count(sheet, s, rs_fg1(s)).join(hs_plain_count(sheet, s, p.vv40_4), V_LANES)
            }
            Counted::GyEsa => {
                vers_count(sheet, s, gy_fg1(s)).join(hs_plain_count(sheet, s, p.vv40_4), V_LANES)
            }
            Counted::QRsAfterGe => ge_msa_count(s).join(rs_q_count(sheet, s), GM_LANES),
        }
    }

    /// The verdict on a sheet's counts.
    #[inline(always)]
    fn decide(self, sheet: &Sheet, t: Tally) -> Verdict {
        let after = |base: Verdict, then: fn(Tally) -> Verdict, from: u32| match base {
            Verdict::Earned => then(t.part(from)),
            other => other,
        };
        match self {
            Counted::GeEsa | Counted::HsPlain => hs_decide(t),
            Counted::GeMsa => ge_msa_decide(t),
            Counted::GeQ => match ge_msa_decide(t) {
                Verdict::Earned => ge_q_decide(t.part(GM_LANES), t.get(GM_E_COURSES)),
                other => other,
            },
            Counted::VersRs => vers_decide(t, true),
            Counted::QRs => after(vers_decide(t, true), rs_q_decide, V_LANES),
            Counted::VersGy => vers_gy_decide(sheet, t),
            Counted::RsEsa => either(vers_decide(t, true), hs_decide(t.part(V_LANES))),
            Counted::GyEsa => either(vers_gy_decide(sheet, t), hs_decide(t.part(V_LANES))),
            Counted::QRsAfterGe => after(ge_msa_decide(t), rs_q_decide, GM_LANES),
        }
    }

    /// The counts of a whole sheet.
    #[inline(always)]
    fn total(self, sheet: &Sheet, p: Params) -> Tally {
        sheet.tally(|s| self.count(sheet, s, p))
    }
}

/// The rule for one qualification.
fn rule_for(form: Form, jahrgang: u8, q: usize) -> Option<Rule> {
    use Counted::*;
    Some(match (form, jahrgang, q) {
        (Form::SkKoop(_), 10, EESA) => Rule::HsTypA,
        (Form::SkKoop(_), _, _) => return rule_for(form.base(), jahrgang, q),
        (Form::SkTeil { .. }, 9, ESA) => Rule::Counted(HsPlain),
        (Form::SkTeil { .. }, 10, EESA) => Rule::GeEesa,
        (Form::SkTeil { .. }, 10, MSA) => Rule::Counted(GeMsa),
        (Form::SkTeil { erweiterung: true }, 10, MSA_Q) => Rule::Counted(QRsAfterGe),
        (Form::Ge, 9, ESA) => Rule::Counted(GeEsa),
        (Form::Ge, 10, EESA) => Rule::GeEesa,
        (Form::Ge, 10, MSA) => Rule::Counted(GeMsa),
        (Form::Ge, 10, MSA_Q) => Rule::Counted(GeQ),
        (Form::Hs { .. }, 9, ESA) => Rule::Counted(HsPlain),
        (Form::Hs { typ_a: true }, 10, EESA) => Rule::HsTypA,
        (Form::Hs { typ_a: false }, 10, EESA) => Rule::Counted(HsPlain),
        (Form::Hs { typ_a: false }, 10, MSA) => Rule::Counted(VersRs),
        (Form::Hs { typ_a: false }, 10, MSA_Q) => Rule::Counted(QRs),
        (Form::Rs, 9, ESA) => Rule::Counted(RsEsa),
        (Form::Rs, 10, EESA) => Rule::Counted(HsPlain),
        (Form::Rs, 10, MSA) => Rule::Counted(VersRs),
        (Form::Rs, 10, MSA_Q) => Rule::Counted(QRs),
        (Form::Gy { .. }, 9, ESA) => Rule::Counted(GyEsa),
        (Form::Gy { g8: false }, 10, EESA) => Rule::Counted(HsPlain),
        (Form::Gy { g8: false }, 10, MSA | MSA_Q) => Rule::Counted(VersGy),
        _ => return None,
    })
}

/// A rule on a sheet.
#[inline]
fn run(rule: Rule, sheet: &Sheet, p: Params) -> Verdict {
    match rule {
        Rule::Counted(c) => c.decide(sheet, c.total(sheet, p)),
        Rule::GeEesa => ge_eesa(sheet, p.ge_lernbereiche_fg1),
        Rule::HsTypA => hs_typ_a(sheet),
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
/// A counted rule decides each improved sheet from the sheet's counts with the improved
/// subject's counts exchanged; the other rules evaluate the improved sheet afresh.
pub(crate) fn evaluate(sheet: &Sheet, form: Form, jahrgang: u8, p: Params) -> Lean {
    let mut out = Lean::default();
    for q in [ESA, EESA, MSA, MSA_Q] {
        let Some(rule) = rule_for(form, jahrgang, q) else {
            continue;
        };
        let candidates_of = || candidates(form, jahrgang, q, sheet);
        let (v, np) = match rule {
            // Each arm has closures of its own type, so that `counted` is compiled once per
            // rule with that rule's counts inlined.
            Rule::Counted(c) => {
                macro_rules! specialised {
                    ($($rule:ident),+) => {
                        match c {
                            $(Counted::$rule => counted(
                                candidates_of,
                                sheet,
                                |s| Counted::$rule.count(sheet, s, p),
                                |t| Counted::$rule.decide(sheet, t),
                            ),)+
                        }
                    };
                }
                specialised!(
                    GeEsa, GeMsa, GeQ, HsPlain, VersRs, QRs, VersGy, RsEsa, GyEsa, QRsAfterGe
                )
            }
            Rule::GeEesa | Rule::HsTypA => {
                let v = run(rule, sheet, p);
                let np = if v == Verdict::Missed {
                    earning(candidates_of(), sheet, |i, _| {
                        run(rule, &sheet.improved(i), p) == Verdict::Earned
                    })
                } else {
                    0
                };
                (v, np)
            }
        };
        if let Some(slot) = out.verdict.get_mut(q) {
            *slot = Some(v);
        }
        if let Some(slot) = out.np.get_mut(q) {
            *slot = np;
        }
    }
    if jahrgang == 9 && matches!(form.base(), Form::Hs { .. }) {
        let (v, np) = with_np(sheet, hs_10b, |s| s.grade == 4 || s.grade == 5);
        out.b10 = Some(v);
        out.np_b10 = np;
    }
    out
}

/// A counted rule's verdict on a sheet, and the subjects among `candidates` in which a
/// Nachprüfung could earn it: each improved sheet is decided on the sheet's counts with the
/// improved subject's counts exchanged.
#[inline(always)]
fn counted(
    candidates: impl Fn() -> u32,
    sheet: &Sheet,
    count: impl Fn(&Subj) -> Tally,
    decide: impl Fn(Tally) -> Verdict,
) -> (Verdict, u32) {
    let total = sheet.tally(&count);
    let v = decide(total);
    if v != Verdict::Missed {
        return (v, 0);
    }
    let np = earning(candidates(), sheet, |_, s| {
        decide(total.exchange(count(s), count(&s.improved()))) == Verdict::Earned
    });
    (v, np)
}

/// The subjects among `candidates` (bit i = subject i) whose improvement `earns` the
/// qualification, given the subject's position and the subject.
#[inline]
fn earning(candidates: u32, sheet: &Sheet, earns: impl Fn(usize, &Subj) -> bool) -> u32 {
    let mut np = 0u32;
    let mut rest = candidates;
    while rest != 0 {
        let bit = rest & rest.wrapping_neg();
        let i = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        if sheet.subj.get(i).is_some_and(|s| earns(i, s)) {
            np |= bit;
        }
    }
    np
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
