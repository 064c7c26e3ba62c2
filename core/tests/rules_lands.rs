//! One Land type for model and rules: Länder without a rule pack are refused, never given
//! another Land's law.
#![allow(clippy::unwrap_used)]

use bildungsnetz::calendar::{Date, SchoolYear};
use bildungsnetz::model::Land;
use bildungsnetz::rules::{LeanColumns, LearnerFacts, RuleBook, RuleError, Transition};

#[test]
fn laender_without_a_pack_are_not_covered() {
    let book = RuleBook::embedded().unwrap();
    let as_of = Date::from_ymd(2025, 3, 1).unwrap();
    for land in Land::ALL {
        let child = LearnerFacts {
            school_years_attended: Some(10),
            ..LearnerFacts::born(Date::from_ymd(2019, 9, 1).unwrap(), land)
        };
        for transition in [
            Transition::SchoolEntry,
            Transition::EndOfFullTimeSchooling,
            Transition::Seiteneinstieg,
        ] {
            let result = book.evaluate(transition, &child, as_of);
            let has_pack = matches!(land, Land::NW | Land::RP);
            match result {
                Ok(decision) => assert!(has_pack, "{land:?} {transition:?}: {decision:?}"),
                Err(RuleError::NotCovered { land: code, .. }) => {
                    assert!(!has_pack);
                    assert_eq!(code, land.code());
                }
                Err(other) => panic!("{land:?} {transition:?}: {other}"),
            }
        }
        // Kita claims are federal law (§ 24 SGB VIII): every Land.
        assert!(book.evaluate(Transition::KitaClaim, &child, as_of).is_ok());
    }
    let births = [Date::from_ymd(2019, 9, 1).unwrap().day_number()];
    let (mut o, mut e, mut r) = ([0u8], [0i32], [0u16]);
    let columns = LeanColumns {
        outcome: &mut o,
        effective_day: &mut e,
        rule: &mut r,
    };
    let year = SchoolYear::starting(2025).unwrap();
    assert!(matches!(
        book.school_entry_batch(Land::BY, year, &births, columns),
        Err(RuleError::NotCovered { land: "BY", .. })
    ));
    assert!(matches!(
        book.schulpflichtig_in_batch(Land::HE, year, &births, &mut o),
        Err(RuleError::NotCovered { land: "HE", .. })
    ));
}
