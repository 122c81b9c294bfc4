use super::*;

fn ratings(pairs: &[(ProcessAttribute, Achievement)]) -> AttributeRatings {
    let mut r = AttributeRatings::new();
    for (a, v) in pairs {
        r.set(*a, *v);
    }
    r
}

use Achievement::{F, L, N, P};
use ProcessAttribute::*;

#[test]
fn nothing_rated_is_level_zero() {
    assert_eq!(AttributeRatings::new().capability_level(), 0);
}

#[test]
fn largely_performed_is_level_one() {
    assert_eq!(ratings(&[(Pa11, L)]).capability_level(), 1);
    assert_eq!(ratings(&[(Pa11, P)]).capability_level(), 0);
}

#[test]
fn a_level_needs_every_lower_attribute_fully_achieved() {
    // Level 2 attributes largely achieved, but PA 1.1 only largely: still level 1.
    assert_eq!(
        ratings(&[(Pa11, L), (Pa21, F), (Pa22, F)]).capability_level(),
        1
    );
    assert_eq!(
        ratings(&[(Pa11, F), (Pa21, L), (Pa22, L)]).capability_level(),
        2
    );
    // One level-2 attribute only partially achieved stops at 1.
    assert_eq!(
        ratings(&[(Pa11, F), (Pa21, L), (Pa22, P)]).capability_level(),
        1
    );
}

#[test]
fn all_fully_achieved_is_level_five() {
    let all = AttributeRatings(ProcessAttribute::ALL.iter().map(|a| (*a, F)).collect());
    assert_eq!(all.capability_level(), 5);
    let mut top_largely = all.clone();
    top_largely.set(Pa52, L);
    assert_eq!(
        top_largely.capability_level(),
        5,
        "the top level only needs L"
    );
    top_largely.set(Pa41, L);
    assert_eq!(
        top_largely.capability_level(),
        4,
        "level 5 needs level 4 fully achieved"
    );
}

#[test]
fn higher_attributes_cannot_make_up_for_a_gap_below() {
    let mut r = AttributeRatings(ProcessAttribute::ALL.iter().map(|a| (*a, F)).collect());
    r.set(Pa31, N);
    assert_eq!(r.capability_level(), 2);
}

#[test]
fn percent_bands_follow_the_standard() {
    assert_eq!(Achievement::from_percent(0.0), Some(N));
    assert_eq!(Achievement::from_percent(15.0), Some(N));
    assert_eq!(Achievement::from_percent(15.1), Some(P));
    assert_eq!(Achievement::from_percent(50.0), Some(P));
    assert_eq!(Achievement::from_percent(50.01), Some(L));
    assert_eq!(Achievement::from_percent(85.0), Some(L));
    assert_eq!(Achievement::from_percent(85.5), Some(F));
    assert_eq!(Achievement::from_percent(100.0), Some(F));
    assert_eq!(Achievement::from_percent(-1.0), None);
    assert_eq!(Achievement::from_percent(100.5), None);
    assert_eq!(Achievement::from_percent(f64::NAN), None);
}

#[test]
fn attributes_serialise_by_their_standard_ids() {
    let r = ratings(&[(Pa11, F), (Pa21, L)]);
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, r#"{"PA 1.1":"F","PA 2.1":"L"}"#);
    assert_eq!(serde_json::from_str::<AttributeRatings>(&json).unwrap(), r);
    assert!(serde_json::from_str::<AttributeRatings>(r#"{"PA 6.1":"F"}"#).is_err());
}

#[test]
fn scales_name_six_levels() {
    assert_eq!(Scale::IsmsMaturity.level_names()[5], "Optimised");
    assert_eq!(Scale::ProcessCapability.level_names()[3], "Established");
    assert_eq!(
        serde_json::to_string(&Scale::ProcessCapability).unwrap(),
        "\"process-capability\""
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_ratings() -> impl Strategy<Value = AttributeRatings> {
        let achievement = prop::sample::select(Achievement::ALL.to_vec());
        prop::collection::vec(achievement, 9).prop_map(|values| {
            AttributeRatings(ProcessAttribute::ALL.iter().copied().zip(values).collect())
        })
    }

    /// The rule written out literally: the highest n whose own attributes are L or F while every
    /// lower one is F.
    fn by_definition(r: &AttributeRatings) -> u8 {
        (1..=5u8)
            .filter(|&n| {
                ProcessAttribute::ALL.iter().all(|a| match a.level() {
                    l if l == n => r.get(*a) >= L,
                    l if l < n => r.get(*a) == F,
                    _ => true,
                })
            })
            .max()
            .unwrap_or(0)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn matches_the_rule_as_written(r in any_ratings()) {
            prop_assert_eq!(r.capability_level(), by_definition(&r));
        }

        #[test]
        fn raising_a_rating_never_lowers_the_level(r in any_ratings(), index in 0usize..9) {
            let attribute = ProcessAttribute::ALL[index];
            let mut raised = r.clone();
            let next = Achievement::ALL.iter().copied().find(|a| *a > r.get(attribute)).unwrap_or(F);
            raised.set(attribute, next);
            prop_assert!(raised.capability_level() >= r.capability_level());
        }

        #[test]
        fn a_reached_level_has_its_foundations(r in any_ratings()) {
            let level = r.capability_level();
            for a in ProcessAttribute::ALL {
                if a.level() < level { prop_assert_eq!(r.get(a), F); }
                if a.level() == level { prop_assert!(r.get(a) >= L); }
            }
        }

        #[test]
        fn percent_bands_are_ordered(x in 0.0f64..=100.0, y in 0.0f64..=100.0) {
            let (low, high) = if x <= y { (x, y) } else { (y, x) };
            prop_assert!(Achievement::from_percent(low) <= Achievement::from_percent(high));
        }
    }
}
